package io.editstream.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.events.RatingSubmitted;
import io.editstream.kafka.Topics;
import io.editstream.testing.TestInfra;
import io.editstream.testing.TopicReader;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark aggregation against a real broker and S3 endpoint: scored benchmark edits and ratings are re-keyed per run and folded by the Streams view, and
 * the run's report, entries and images are served over HTTP; bad ratings are refused and store nothing.
 */
class BenchmarkApiIT {
    @TempDir
    static Path stateDir;
    static BenchmarkServer gw;

    @BeforeAll
    static void start() throws Exception {
        gw = new BenchmarkServer("benchmark-api-it", stateDir);
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
    }

    @Test
    void scoredItemsAndRatingsAggregatePerRun() throws Exception {
        String run = "api-" + UUID.randomUUID().toString().substring(0, 8);
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        gw.scored(run, a, "1", "move the cube left", 1);
        gw.scored(run, b, "2", "paint the ball red", 3);
        gw.scored("other-" + run, UUID.randomUUID().toString(), "1", "x", 5);

        JsonObject report = gw.awaitReport(run, r -> r.getInteger("entries") == 2);
        JsonObject task = report.getJsonObject("models").getJsonObject("").getJsonObject("tasks").getJsonObject("kubric");
        assertThat(task.getJsonObject("scores").getJsonObject("l1").getDouble("mean")).isCloseTo(0.2, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(task.getJsonObject("exactMatch").getDouble("mean")).isEqualTo(1.0);

        assertThat(gw.post("/v1/ratings", new JsonObject().put("run", run).put("requestId", a).put("rater", "ann").put("score", 100))
                .statusCode()).isEqualTo(202);
        assertThat(gw.post("/v1/ratings", new JsonObject().put("run", run).put("requestId", a).put("rater", "bob").put("score", 50))
                .statusCode()).isEqualTo(202);
        var refused = gw.post("/v1/ratings", new JsonObject().put("run", run).put("requestId", b).put("rater", "ann").put("score", 70));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(refused.body()).getString("reason")).contains("0, 50 or 100");

        JsonObject rated = gw.awaitReport(run, r -> r.getJsonObject("human").getInteger("ratings") == 2);
        assertThat(rated.getJsonObject("human").getJsonArray("raters").getList()).containsExactly("ann", "bob");
        RatingSubmitted stored = TopicReader.awaitValue(TestInfra.kafkaSettings(), Topics.RATING_SUBMITTED, a, Duration.ofSeconds(30));
        assertThat(stored.getRun()).isEqualTo(run);

        var items = new JsonObject(gw.get("/v1/benchmarks/" + run + "/items").body()).getJsonArray("items");
        assertThat(items).hasSize(2);
        assertThat(gw.get("/v1/benchmarks/" + run + "/items/" + a + "/output").statusCode()).isEqualTo(200);
        assertThat(gw.get("/v1/benchmarks/" + run + "/items/" + a + "/reference").statusCode()).isEqualTo(404);
        assertThat(gw.get("/v1/benchmarks/no-such-run").statusCode()).isEqualTo(404);
        assertThat(gw.get("/rate").body()).contains("Rate edits");
    }
}
