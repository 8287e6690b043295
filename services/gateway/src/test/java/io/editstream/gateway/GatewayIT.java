package io.editstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.client.EditClient;
import io.editstream.events.EditRequested;
import io.editstream.kafka.Topic;
import io.editstream.kafka.Topics;
import io.editstream.service.ServiceHttp;
import io.editstream.storage.ObjectKeys;
import io.editstream.storage.ObjectStore;
import io.editstream.testing.SampleImages;
import io.editstream.testing.TestInfra;
import io.editstream.testing.TopicReader;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway against a real broker and S3 endpoint: accepted uploads are stored and published, every
 * kind of bad upload is refused with a reason and writes nothing to Kafka, and the status, image and
 * server-sent-event endpoints follow the events other stages publish.
 */
class GatewayIT {
    static final String BUCKET = "gateway-it";
    @TempDir
    static Path stateDir;
    static Vertx vertx;
    static GatewayVerticle gateway;
    static EditClient client;
    static final List<String> accepted = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        vertx = ServiceHttp.newVertx();
        gateway = deploy(vertx, config(BUCKET, stateDir, "gateway-it").put("limits", new JsonObject().put("maxUploadBytes", 200_000)));
        client = new EditClient("http://localhost:" + gateway.httpPort());
    }

    /** A gateway's config on the shared test broker and S3 endpoint: any free port, its own bucket and Streams application. */
    static JsonObject config(String bucket, Path stateDir, String application) {
        var s3 = TestInfra.storageSettings(bucket);
        return new JsonObject()
                .put("http", new JsonObject().put("port", 0))
                .put("kafka", new JsonObject().put("bootstrap", TestInfra.kafka().bootstrapServers()))
                .put("s3", new JsonObject().put("endpoint", s3.endpoint()).put("accessKey", s3.accessKey())
                        .put("secretKey", s3.secretKey()).put("bucket", bucket))
                .put("streams", new JsonObject().put("stateDir", stateDir.toString()).put("applicationId", application))
                .put("auth", new JsonObject().put("mode", "none").put("allowAnonymous", true));
    }

    static GatewayVerticle deploy(Vertx vertx, JsonObject config) throws Exception {
        GatewayVerticle gateway = new GatewayVerticle();
        vertx.deployVerticle(gateway, new DeploymentOptions().setConfig(config)).toCompletionStage().toCompletableFuture()
                .get(90, TimeUnit.SECONDS);
        return gateway;
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void benchmarkFieldsAndTheReferenceTravelInTheRequest() throws Exception {
        EditClient.Submission s = client.submit(SampleImages.scenePng(64, 64, 3), "s.png", "what if it rolled?",
                Map.of("benchmarkRun", "api-run", "benchmarkItem", "7", "benchmarkTask", "kubric", "benchmarkVariant", "no_change",
                        "targetText", "move the ball"), SampleImages.scenePng(64, 64, 4));
        assertThat(s.status()).as(s.body().encode()).isEqualTo(202);
        accepted.add(s.id());
        EditRequested event = TopicReader.awaitValue(TestInfra.kafkaSettings(), Topics.EDIT_REQUESTED, s.id(), Duration.ofSeconds(30));
        assertThat(event.getContext().getBenchmark().getRun()).isEqualTo("api-run");
        assertThat(event.getContext().getBenchmark().getVariant()).isEqualTo("no_change");
        assertThat(event.getContext().getBenchmark().getTargetText()).isEqualTo("move the ball");
        assertThat(event.getContext().getReference()).isNotNull();
    }

    @Test
    void anAcceptedEditIsStoredThenPublished() throws Exception {
        byte[] png = SampleImages.scenePng(80, 60, 11);
        EditClient.Submission s = client.submit(png, "scene.png", "what if the cube fell over?", Map.of("steps", "12", "seed", "5"));
        assertThat(s.status()).as(s.body().encode()).isEqualTo(202);
        accepted.add(s.id());
        assertThat(s.location()).isEqualTo("/v1/edits/" + s.id());
        assertThat(s.body().getString("status")).isEqualTo("/v1/edits/" + s.id());
        assertThat(s.body().getString("events")).isEqualTo("/v1/edits/" + s.id() + "/events");
        var records = TopicReader.readUntil(TestInfra.kafkaSettings(), Topics.EDIT_REQUESTED,
                rs -> rs.stream().anyMatch(r -> r.key().equals(s.id())), Duration.ofSeconds(30));
        EditRequested event = records.stream().filter(r -> r.key().equals(s.id())).findFirst().orElseThrow().value();
        assertThat(event.getContext().getInstruction()).isEqualTo("what if the cube fell over?");
        assertThat(event.getContext().getOptions().getSteps()).isEqualTo(12);
        assertThat(event.getContext().getSource().getWidth()).isEqualTo(80);
        assertThat(event.getContext().getSource().getSizeBytes()).isEqualTo(png.length);
        try (ObjectStore store = ObjectStore.connect(TestInfra.storageSettings(BUCKET))) {
            assertThat(store.getImage(event.getContext().getSource())).isEqualTo(png);
            assertThat(event.getContext().getSource().getUri()).endsWith(ObjectKeys.source("default", s.id(), "png"));
        }
    }

    @Test
    void badUploadsAreRefusedWithAReasonAndWriteNothing() throws Exception {
        byte[] good = SampleImages.scenePng(64, 64, 12);
        record Bad(String name, byte[] image, String instruction, Map<String, String> fields, int status, String reason) {
        }
        List<Bad> cases = List.of(
                new Bad("text as image", "just text".getBytes(), "x", Map.of(), 415, "not an image"),
                new Bad("gif named png", UploadValidatorTest.encode(SampleImages.scene(16, 16, 1), "gif"), "x", Map.of(), 415, "GIF"),
                new Bad("truncated", Arrays.copyOf(good, good.length - 30), "x", Map.of(), 400, "truncated"),
                new Bad("too many pixels", UploadValidatorTest.pngDeclaring(50_000, 50_000), "x", Map.of(), 413, "pixels"),
                new Bad("over image byte limit", noisePng(320, 320), "x", Map.of(), 413, "bytes; the limit is 200000"),
                new Bad("over body limit", noisePng(480, 480), "x", Map.of(), 413, "request body is larger than"),
                new Bad("empty instruction", good, " ", Map.of(), 400, "instruction"),
                new Bad("long instruction", good, "y".repeat(501), Map.of(), 400, "limit is 500"),
                // far past the limit: the parser's 400 must answer, not the multipart decoder aborting mid-upload (was a 500)
                new Bad("100 KB instruction", good, "y".repeat(100_000), Map.of(), 400, "instruction is 100000 characters; the limit is 500"),
                new Bad("100 KB noChangeInstruction", good, "x", Map.of("noChangeInstruction", "z".repeat(100_000)), 400,
                        "noChangeInstruction is 100000 characters; the limit is 500"),
                new Bad("unknown option", good, "x", Map.of("strength", "0.4"), 400, "strength"),
                new Bad("bad option", good, "x", Map.of("steps", "9999"), 400, "steps"));
        for (Bad bad : cases) {
            EditClient.Submission s = client.submit(bad.image(), "upload.png", bad.instruction(), bad.fields());
            assertThat(s.status()).as(bad.name() + ": " + s.body().encode()).isEqualTo(bad.status());
            assertThat(s.body().getString("reason")).as(bad.name()).contains(bad.reason());
            assertThat(s.body().getString("error")).as(bad.name()).isNotBlank();
            assertThat(s.location()).as(bad.name()).isNull();
        }
        HttpResponse<String> json = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:"
                        + gateway.httpPort() + "/v1/edits")).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"instruction\":\"x\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(json.statusCode()).isEqualTo(415);
        assertThat(new JsonObject(json.body()).getString("error")).isEqualTo("unsupported_media_type");
        EditClient.Submission after = client.submit(good, "ok.png", "paint the ball red", Map.of());
        assertThat(after.status()).isEqualTo(202);
        accepted.add(after.id());
        // only accepted requests ever reach the topic
        var records = TopicReader.readUntil(TestInfra.kafkaSettings(), Topics.EDIT_REQUESTED,
                rs -> rs.stream().anyMatch(r -> r.key().equals(after.id())), Duration.ofSeconds(30));
        // (the other gateway ITs of this JVM share the topic: their requests are stored in their own buckets)
        assertThat(records).filteredOn(r -> r.value().getContext().getSource().getUri().startsWith("s3://" + BUCKET + "/"))
                .isNotEmpty().allSatisfy(r -> assertThat(accepted).contains(r.key()));
    }

    @Test
    void statusImageAndEventsFollowThePipeline() throws Exception {
        byte[] source = SampleImages.scenePng(64, 64, 13);
        EditClient.Submission s = client.submit(source, "a.png", "what if it rained?", Map.of());
        String id = s.id();
        accepted.add(id);
        JsonObject queued = awaitState(id, "QUEUED");
        assertThat(queued.getJsonObject("links").getString("image")).isEqualTo("/v1/edits/" + id + "/image");
        assertThat(client.image(id, "source")).isEqualTo(source);
        assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + gateway.httpPort()
                + "/v1/edits/" + id + "/image")).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);

        byte[] edited = SampleImages.scenePng(64, 64, 99);
        try (ObjectStore store = ObjectStore.connect(TestInfra.storageSettings(BUCKET))) {
            store.putImage(ObjectKeys.result("default", id), edited, "image/png", 64, 64);
        }
        var rendered = Events.rendered(id);
        rendered.getOutput().setUri("s3://" + BUCKET + "/" + ObjectKeys.result("default", id));
        publish(Topics.IMAGE_RENDERED, id, rendered);
        publish(Topics.EDIT_SCORED, id, Events.scored(id));
        JsonObject scored = awaitState(id, "SCORED");
        assertThat(scored.getJsonObject("scores").getDouble("clip_t")).isEqualTo(0.3);
        assertThat(client.image(id, "image")).isEqualTo(edited);

        // bounded as a whole: the request timeout ends at the headers, and an event stream that never ends must fail the test
        HttpResponse<String> sse = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(URI.create(
                "http://localhost:" + gateway.httpPort() + "/v1/edits/" + id + "/events")).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString()).get(30, TimeUnit.SECONDS);
        assertThat(sse.headers().firstValue("content-type")).hasValue("text/event-stream");
        assertThat(sse.body()).contains("event: status").contains("\"state\":\"SCORED\"");

        String other = "other-" + id;
        publish(Topics.failed(Topics.ENHANCER), other, Events.failed(other, "enhancer", "no cues from cue-extractor within 60 s"));
        JsonObject failed = awaitState(other, "FAILED");
        assertThat(failed.getJsonObject("failure").getString("reason")).contains("no cues");
        assertThat(client.status("never-seen")).isNull();
    }

    @Test
    void readinessTheWebPageAndMetricsAnswer() throws Exception {
        HttpResponse<String> ready = get("/health/ready");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(new JsonObject(ready.body()).getString("status")).isEqualTo("UP");
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("<form", "<script src=\"/index.js\">").doesNotContain("https://");
        assertThat(get("/index.js").body()).contains("/v1/edits");
        assertThat(get("/metrics").body()).contains("vertx_http_server_requests_total");
        HttpResponse<String> unknown = get("/v1/edits/no-such-id");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(unknown.body()).getString("error")).isEqualTo("not_found");
    }

    private static HttpResponse<String> get(String path) throws Exception {
        try {
            return HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + gateway.httpPort() + path))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString()).get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("GET " + path + " had no answer within 30 s; the gateway's threads:\n" + vertxThreads(), e);
        }
    }

    /** The stacks of the Vert.x threads, for a request that never got its answer. */
    private static String vertxThreads() {
        StringBuilder out = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (thread.getName().startsWith("vert.x")) {
                out.append(thread.getName()).append(' ').append(thread.getState()).append('\n');
                for (StackTraceElement frame : stack) {
                    out.append("    at ").append(frame).append('\n');
                }
            }
        });
        return out.toString();
    }

    /** Random pixels do not compress: a PNG well over the test's 200 kB limit. */
    private static byte[] noisePng(int width, int height) {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.util.Random random = new java.util.Random(1);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0xFFFFFF));
            }
        }
        return SampleImages.png(image);
    }

    private static JsonObject awaitState(String id, String state) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonObject status = null;
        while (System.nanoTime() < deadline) {
            status = client.status(id);
            if (status != null && state.equals(status.getString("state"))) {
                return status;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("edit " + id + " never reached " + state + "; last status " + status);
    }

    static <V extends SpecificRecord> void publish(Topic<V> topic, String key, V value) throws Exception {
        Properties props = TestInfra.kafkaSettings().base();
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic.name(), key, topic.serde().encode(value))).get();
        }
    }
}
