package io.editstream.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium for the page tests, driven through the system's chromedriver (so Selenium Manager never
 * tries to download one). The test is skipped where neither is installed; {@code CHROME_BIN} and
 * {@code CHROMEDRIVER} override /usr/bin/chromium and /usr/bin/chromedriver ({@code .ci/run} installs both).
 */
public final class HeadlessChromium {
    private HeadlessChromium() {
    }

    public static WebDriver start() {
        Path chromium = tool("CHROME_BIN", "/usr/bin/chromium");
        Path driver = tool("CHROMEDRIVER", "/usr/bin/chromedriver");
        Assumptions.assumeTrue(Files.isExecutable(chromium) && Files.isExecutable(driver),
                "no Chromium/chromedriver at " + chromium + " and " + driver);
        ChromeOptions options = new ChromeOptions().setBinary(chromium.toString())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1600");
        return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile()).build(), options);
    }

    private static Path tool(String variable, String fallback) {
        String configured = System.getenv(variable);
        return Path.of(configured == null || configured.isBlank() ? fallback : configured);
    }
}
