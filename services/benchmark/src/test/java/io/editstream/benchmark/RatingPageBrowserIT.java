package io.editstream.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.testing.HeadlessChromium;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The rating page in a real headless Chromium: two raters rate a run's edits 0 / 50 / 100 by clicking,
 * and the page's aggregated report (from the gateway's Streams view over the ratings topic on a real
 * broker) shows their ratings, the balanced human score and Fleiss' kappa. Instructions and rater names that are
 * markup stay text: none of their scripts runs.
 */
class RatingPageBrowserIT {
    @TempDir
    static Path stateDir;
    static BenchmarkServer gw;
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        browser = HeadlessChromium.start();
        gw = new BenchmarkServer("rating-page-it", stateDir);
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
        // the page re-renders its report on every refresh, so each element is found afresh (a held one may go stale)
        wait.until(ExpectedConditions.textToBe(By.id("raters"), "ann, bob"));
        wait.until(ExpectedConditions.textToBe(By.id("overall-human"), "62.5 ± 37.5"));
        wait.until(ExpectedConditions.textToBe(By.id("kappa"), "0.200"));

        JsonObject report = gw.awaitReport(run, r -> r.getJsonObject("human").getInteger("ratings") == 4);
        assertThat(report.getJsonObject("human").getDouble("fleissKappa")).isCloseTo(0.2, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void markupInInstructionsRaterNamesAndReasonsStaysText() throws Exception {
        // served here without the gateway's Content-Security-Policy, so only the page's own escaping stands between
        // these payloads and a running script
        String run = "xss-" + UUID.randomUUID().toString().substring(0, 8);
        String instruction = "<img src=x onerror=\"window.__xss='instruction'\"><script>window.__xss='script'</script>";
        String rater = "<img src=x onerror=\"window.__xss='rater'\">";
        gw.scored(run, UUID.randomUUID().toString(), "1", instruction, 1);
        gw.awaitReport(run, r -> r.getInteger("entries") == 1);

        browser.get(gw.url() + "/rate?run=" + run);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        browser.findElement(By.id("rater")).clear();
        browser.findElement(By.id("rater")).sendKeys(rater);
        browser.findElement(By.id("start")).click();
        wait.until(ExpectedConditions.textToBe(By.id("item"), "1"));
        assertThat(browser.findElement(By.id("instruction")).getText()).isEqualTo(instruction);
        // the gateway refuses the name, and its reason (which quotes it) is shown as text too
        browser.findElement(By.id("score-100")).click();
        wait.until(ExpectedConditions.textMatches(By.id("error"), java.util.regex.Pattern.compile(".*rater must match.*")));
        assertThat(browser.findElement(By.id("error")).getText()).endsWith("got " + rater);
        assertThat(browser.findElements(By.cssSelector("#task img[src=x], #summary img, #task script"))).isEmpty();
        browser.findElement(By.id("rater")).clear();
        browser.findElement(By.id("rater")).sendKeys("ann");
        browser.findElement(By.id("score-100")).click();
        wait.until(ExpectedConditions.textToBe(By.id("human-ratings"), "1"));
        wait.until(ExpectedConditions.textToBe(By.id("raters"), "ann"));
        assertThat(((JavascriptExecutor) browser).executeScript("return window.__xss === undefined ? null : window.__xss")).isNull();
    }
}
