package io.editstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.auth.ApiKeys;
import io.editstream.events.EditFailed;
import io.editstream.events.EditRequested;
import io.editstream.events.GuidanceProduced;
import io.editstream.kafka.Topics;
import io.editstream.service.ServiceHttp;
import io.editstream.testing.HeadlessChromium;
import io.editstream.testing.SampleImages;
import io.editstream.testing.TestInfra;
import io.editstream.testing.TopicReader;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The submit page in a real headless Chromium against a gateway that asks for API keys: without a key the page
 * shows the gateway's 401 reason; with one (typed into the page, kept in session storage) it submits, follows the
 * edit's events and loads its images. An instruction, an explicit instruction and a failure reason that are markup
 * stay text, and the page runs under the gateway's Content-Security-Policy.
 */
class PagesBrowserIT {
    static WebDriver browser;
    @TempDir
    static Path dir;
    static Vertx vertx;
    static GatewayVerticle gateway;
    static String key;
    static final String BUCKET = "pages-browser-it";
    static final String SUBMITTED = "<img src=x onerror=\"window.__xss='instruction'\">";
    static final String EXPLICIT = "<script>window.__xss='explicit'</script>move the ball";
    static final String REASON = "<img src=x onerror=\"window.__xss='reason'\"> no cues";

    /** The browser first: without Chromium the test is skipped before anything starts. */
    @BeforeAll
    static void start() throws Exception {
        browser = HeadlessChromium.start();
        Path keys = dir.resolve("keys.txt");
        key = ApiKeys.add(keys, "acme", "alice");
        vertx = ServiceHttp.newVertx();
        gateway = GatewayIT.deploy(vertx, GatewayIT.config(BUCKET, dir.resolve("state"), "pages-browser-it")
                .put("auth", new JsonObject().put("mode", "api-key").put("keysFile", keys.toString())));
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theSubmitPageWorksWithAKeyAndShowsMarkupAsText() throws Exception {
        Path png = dir.resolve("scene.png");
        Files.write(png, SampleImages.scenePng(64, 64, 3));
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        browser.get(url("/"));
        browser.findElement(By.id("image")).sendKeys(png.toString());
        browser.findElement(By.id("instruction")).sendKeys(SUBMITTED);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.textMatches(By.id("error"), java.util.regex.Pattern.compile("Refused \\(401\\): .+")));

        browser.findElement(By.id("apikey")).sendKeys(key);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        String id = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("rid"))).getText();
        assertThat(id).isNotBlank();
        // the source image comes through the key (an <img src> alone would get 401)
        wait.until(d -> (Boolean) js("return [...document.querySelectorAll('#detail img')].some(i => i.naturalWidth > 0)"));

        EditRequested requested = TopicReader.awaitValue(TestInfra.kafkaSettings(), Topics.EDIT_REQUESTED, id, Duration.ofSeconds(30));
        assertThat(requested.getContext().getInstruction()).isEqualTo(SUBMITTED);
        GuidanceProduced guidance = Events.guidance(id);
        guidance.setContext(requested.getContext());
        guidance.setExplicitInstruction(EXPLICIT);
        GatewayIT.publish(Topics.GUIDANCE_PRODUCED, id, guidance);
        wait.until(ExpectedConditions.textToBe(By.id("explicit"), EXPLICIT));
        EditFailed failed = Events.failed(id, "enhancer", REASON);
        failed.setOccurredAt(Instant.now());
        GatewayIT.publish(Topics.failed("enhancer"), id, failed);
        wait.until(ExpectedConditions.textToBe(By.id("state"), "FAILED"));
        assertThat(browser.findElement(By.id("failure")).getText()).isEqualTo("Failed at enhancer: " + REASON);

        // the page's address is a link to the edit: reloaded, it follows it again with the key from session storage
        assertThat(browser.getCurrentUrl()).endsWith("?id=" + id);
        browser.navigate().refresh();
        wait.until(ExpectedConditions.textToBe(By.id("state"), "FAILED"));
        assertThat(browser.findElement(By.id("explicit")).getText()).isEqualTo(EXPLICIT);
        assertThat(browser.findElements(By.cssSelector("#out img[src=x], #out script"))).isEmpty();
        assertThat(js("return window.__xss === undefined ? null : window.__xss")).as("a payload ran").isNull();
    }

    @Test
    void pagesComeWithAContentSecurityPolicyThatRunsNoInlineScript() throws Exception {
        for (String path : new String[] {"/", "/rate", "/index.js", "/pages.js", "/rate.js"}) {
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url(path))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            String csp = page.headers().firstValue("content-security-policy").orElse("");
            assertThat(csp).as(path).contains("script-src 'self';", "frame-ancestors 'none'");
            assertThat(page.headers().firstValue("x-content-type-options")).as(path).hasValue("nosniff");
            if (path.endsWith(".js")) {
                assertThat(page.headers().firstValue("content-type").orElse("")).as(path).contains("javascript");
            } else {
                assertThat(page.body()).as(path + " has no inline script").doesNotContain("<script>");
            }
        }
    }

    private static Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private static String url(String path) {
        return "http://localhost:" + gateway.httpPort() + path;
    }
}
