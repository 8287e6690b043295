package io.editstream.local.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** What the gateway's {@code /health/ready} says, for the chaos table: UP, DOWN (503) or unreachable. */
final class ReadinessProbe {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration WAIT_UP = Duration.ofSeconds(90);

    private ReadinessProbe() {
    }

    static String state(String gatewayUrl) throws InterruptedException {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(gatewayUrl + "/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? "UP" : "DOWN (" + r.statusCode() + " " + r.body().replaceAll("\\s+", "") + ")";
        } catch (IOException e) {
            return "unreachable (the gateway was restarting)";
        }
    }

    /** Polls until UP; says how long after {@code sinceMs} that was, or that it was not within 90 s. */
    static String awaitUp(String gatewayUrl, long sinceMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_UP.toMillis();
        while (System.currentTimeMillis() < deadline) {
            if (state(gatewayUrl).equals("UP")) {
                return String.format("UP %.1f s after S3 returned", (System.currentTimeMillis() - sinceMs) / 1000.0);
            }
            Thread.sleep(250);
        }
        return "still not UP " + WAIT_UP.toSeconds() + " s after S3 returned";
    }
}
