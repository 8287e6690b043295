package io.editstream.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The rating page in a real headless Chromium: two raters rate a run's edits 0 / 50 / 100 by clicking,
 * and the page's aggregated report (from the gateway's Streams view over the ratings topic on a real
 * broker) shows their ratings, the balanced human score and Fleiss' kappa. Skipped where no Chromium and
 * chromedriver are installed ({@code CHROME_BIN} / {@code CHROMEDRIVER} override /usr/bin/chromium and
 * /usr/bin/chromedriver).
 */
class RatingPageBrowserIT {
    @TempDir
    static Path stateDir;
    static BenchmarkServer gw;
    static WebDriver browser;

    static Path tool(String variable, String fallback) {
        String configured = System.getenv(variable);
        return Path.of(configured == null || configured.isBlank() ? fallback : configured);
    }

    @BeforeAll
    static void start() throws Exception {
        Path chromium = tool("CHROME_BIN", "/usr/bin/chromium");
        Path driver = tool("CHROMEDRIVER", "/usr/bin/chromedriver");
        Assumptions.assumeTrue(Files.isExecutable(chromium) && Files.isExecutable(driver),
                "no Chromium/chromedriver at " + chromium + " and " + driver);
        gw = new BenchmarkServer("rating-page-it", stateDir);
        ChromeOptions options = new ChromeOptions().setBinary(chromium.toString())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1600");
        // the system's driver, so Selenium Manager never tries to download one
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile()).build(), options);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (gw != null) {
            gw.close();
        }
    }

    private void rateAll(String run, String rater, int... scores) {
        browser.get(gw.url() + "/rate?run=" + run);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        WebElement name = browser.findElement(By.id("rater"));
        name.clear();
        name.sendKeys(rater);
        browser.findElement(By.id("start")).click();
        for (int i = 0; i < scores.length; i++) {
            String item = Integer.toString(i + 1);
            wait.until(ExpectedConditions.textToBe(By.id("item"), item));
            // both images really load from the gateway (source and output of the item)
            wait.until(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
                    "return [...document.querySelectorAll('#task img')].every(i => i.complete && i.naturalWidth > 0)"));
            assertThat(browser.findElement(By.id("instruction")).getText()).isEqualTo("instruction " + item);
            browser.findElement(By.id("score-" + scores[i])).click();
        }
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("done")));
    }

    @Test
    void ratingsClickedOnThePageAppearInTheAggregatedReport() throws Exception {
        String run = "page-" + UUID.randomUUID().toString().substring(0, 8);
        gw.scored(run, UUID.randomUUID().toString(), "1", "instruction 1", 1);
        gw.scored(run, UUID.randomUUID().toString(), "2", "instruction 2", 2);
        gw.awaitReport(run, r -> r.getInteger("entries") == 2);

        rateAll(run, "ann", 100, 50);
        rateAll(run, "bob", 100, 0);

        // the page refreshes its report from GET /v1/benchmarks/{run}: 4 ratings, items 100 and 25 → 62.5 ± 37.5;
        // subjects {100,100} and {50,0}: P̄ = 0.5, P̄e = 0.375 → κ = 0.2
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(ExpectedConditions.textToBe(By.id("human-ratings"), "4"));
        assertThat(browser.findElement(By.id("raters")).getText()).isEqualTo("ann, bob");
        assertThat(browser.findElement(By.id("overall-human")).getText()).isEqualTo("62.5 ± 37.5");
        assertThat(browser.findElement(By.id("kappa")).getText()).isEqualTo("0.200");

        JsonObject report = gw.awaitReport(run, r -> r.getJsonObject("human").getInteger("ratings") == 4);
        assertThat(report.getJsonObject("human").getDouble("fleissKappa")).isCloseTo(0.2, org.assertj.core.api.Assertions.within(1e-9));
    }
}
