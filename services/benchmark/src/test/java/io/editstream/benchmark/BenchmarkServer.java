package io.editstream.benchmark;

import io.editstream.events.BenchmarkTag;
import io.editstream.events.EditOptions;
import io.editstream.events.EditScored;
import io.editstream.events.ImageRef;
import io.editstream.events.ReasoningType;
import io.editstream.events.RequestContext;
import io.editstream.events.StageInfo;
import io.editstream.kafka.Topics;
import io.editstream.service.ServiceHttp;
import io.editstream.storage.ObjectKeys;
import io.editstream.storage.ObjectStore;
import io.editstream.testing.SampleImages;
import io.editstream.testing.TestInfra;
import io.editstream.testing.TopicWriter;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark routes on the shared test broker and S3 endpoint, for the benchmark ITs: their own bucket and Streams
 * application id, plus scored benchmark edits published as the scorer would (images really stored).
 */
final class BenchmarkServer implements AutoCloseable {
    final Vertx vertx = ServiceHttp.newVertx();
    final BenchmarkService gateway = new BenchmarkService();
    final ObjectStore store;
    final String bucket;
    private final HttpClient http = HttpClient.newHttpClient();

    BenchmarkServer(String name, Path stateDir) throws Exception {
        this.bucket = name;
        this.store = TestInfra.objectStore(bucket);
        var s3 = TestInfra.storageSettings(bucket);
        JsonObject config = new JsonObject()
                .put("http", new JsonObject().put("port", 0))
                .put("kafka", new JsonObject().put("bootstrap", TestInfra.kafka().bootstrapServers()))
                .put("s3", new JsonObject().put("endpoint", s3.endpoint()).put("accessKey", s3.accessKey())
                        .put("secretKey", s3.secretKey()).put("bucket", bucket))
                .put("streams", new JsonObject().put("stateDir", stateDir.toString()).put("applicationId", name));
        vertx.deployVerticle(gateway, new DeploymentOptions().setConfig(config)).toCompletionStage().toCompletableFuture()
                .get(90, TimeUnit.SECONDS);
    }

    String url() {
        return "http://localhost:" + gateway.httpPort();
    }

    /** Stores a source and an output image and publishes the scored event of a benchmark item. */
    void scored(String run, String requestId, String item, String instruction, int seed) {
        ImageRef source = store.putImage(ObjectKeys.source("default", requestId, "png"), SampleImages.scenePng(64, 64, seed), "image/png", 64, 64);
        ImageRef output = store.putImage(ObjectKeys.result("default", requestId), SampleImages.scenePng(64, 64, seed + 100), "image/png", 64, 64);
        BenchmarkTag tag = BenchmarkTag.newBuilder().setRun(run).setItem(item).setTask("kubric").setCategory("PHYSICAL")
                .setTargetText(instruction).build();
        EditScored event = EditScored.newBuilder().setEventId("s-" + requestId).setRequestId(requestId).setOccurredAt(Instant.now())
                .setContext(RequestContext.newBuilder().setSource(source).setInstruction(instruction)
                        .setOptions(EditOptions.newBuilder().build()).setSubmittedAt(Instant.now()).setBenchmark(tag).build())
                .setStage(StageInfo.newBuilder().setStage("scorer").setReceivedAt(Instant.now()).setUpstreamAt(Instant.now()).build())
                .setExplicitInstruction(instruction).setReasoningType(ReasoningType.EXPLICIT).setOutput(output)
                .setScores(Map.of("l1", 0.1 * seed, "clip_t", 0.2)).setCopyBaseline(Map.of("l1", 0.0, "clip_t", 0.1)).build();
        TopicWriter.publish(TestInfra.kafkaSettings(), Topics.EDIT_SCORED, requestId, event);
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, JsonObject body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url() + path)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Polls the run's report until {@code done} holds (the view is eventually consistent), at most 30 s. */
    JsonObject awaitReport(String run, java.util.function.Predicate<JsonObject> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonObject last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = get("/v1/benchmarks/" + run);
            if (r.statusCode() == 200) {
                last = new JsonObject(r.body());
                if (done.test(last)) {
                    return last;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("report of " + run + " never reached the expected state; last: " + last);
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        store.close();
    }
}
