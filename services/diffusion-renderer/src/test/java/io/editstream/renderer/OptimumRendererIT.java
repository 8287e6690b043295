package io.editstream.renderer;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.events.ConditioningProduced;
import io.editstream.events.DType;
import io.editstream.events.FusionMode;
import io.editstream.events.ImageRef;
import io.editstream.events.ImageRendered;
import io.editstream.events.TensorRef;
import io.editstream.kafka.Topics;
import io.editstream.onnx.Bundles;
import io.editstream.onnx.ClipTextEncoder;
import io.editstream.onnx.Device;
import io.editstream.onnx.FloatTensor;
import io.editstream.onnx.ImageTensors;
import io.editstream.onnx.ModelBundle;
import io.editstream.storage.ObjectKeys;
import io.editstream.storage.ObjectStore;
import io.editstream.testing.SampleImages;
import io.editstream.testing.TestInfra;
import io.editstream.testing.TestServices;
import io.editstream.testing.TopicReader;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The renderer service on a real broker and S3 with the fp16 Optimum fixture (fp16 graphs, CLIP text
 * conditioning [77, 32] as the enhancer's text-encoder mode writes it, empty-prompt null conditioning),
 * two requests rendering side by side through the micro-batcher.
 */
class OptimumRendererIT {
    private static final String BUCKET = "renderer-optimum-it";

    @Test
    void rendersConcurrentRequestsWithAFullSizeStyleBundle() throws Exception {
        Path bundle = Bundles.locate("instruct-pix2pix-tiny-fp16");
        JsonObject config = TestServices.config(BUCKET);
        config.getJsonObject("model").put("bundle", bundle.toString());
        config.put("render", new JsonObject().put("concurrency", 2).put("maxBatch", 2).put("maxDelayMs", 50)
                .put("scheduler", "dpm++2m"));
        FloatTensor instruction;
        try (ClipTextEncoder text = ClipTextEncoder.load(ModelBundle.load(bundle), Device.CPU)) {
            instruction = text.encode("make it night");
        }
        RendererVerticle renderer = new RendererVerticle();
        Vertx vertx = TestServices.deploy(renderer, config);
        try (ObjectStore store = TestInfra.objectStore(BUCKET)) {
            List<String> ids = new ArrayList<>();
            try (var producer = new KafkaProducer<>(TestInfra.kafkaSettings().base(), new StringSerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < 4; i++) {
                    String id = "optimum-" + i + "-" + UUID.randomUUID();
                    ids.add(id);
                    ImageRef source = store.putImage(ObjectKeys.source("default", id, "png"), SampleImages.scenePng(80, 64, i), "image/png", 80, 64);
                    TensorRef conditioning = store.putTensor(ObjectKeys.tensor("default", id, "enhancer"), instruction.toBytes(),
                            new long[] {77, 32}, DType.FLOAT32);
                    producer.send(record(id, source, conditioning)).get();
                }
            }
            var rendered = TopicReader.readUntil(TestInfra.kafkaSettings(), Topics.IMAGE_RENDERED,
                    rs -> ids.stream().allMatch(id -> rs.stream().anyMatch(r -> r.key().equals(id))), Duration.ofSeconds(90));
            for (String id : ids) {
                ImageRendered event = rendered.stream().filter(r -> r.key().equals(id)).findFirst().orElseThrow().value();
                BufferedImage edited = ImageTensors.decode(store.getImage(event.getOutput()));
                assertThat(edited.getWidth()).isEqualTo(80);
                assertThat(edited.getHeight()).isEqualTo(64);
                assertThat(event.getSampler()).isEqualTo("dpm++2m");
                assertThat(event.getStage().getModelId()).isEqualTo("instruct-pix2pix-tiny-fp16");
            }
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + renderer.httpPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("renderer_unet_calls").contains("renderer_unet_requests").contains("renderer_unet_batch_mean");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static ProducerRecord<String, byte[]> record(String id, ImageRef source, TensorRef conditioning) {
        ConditioningProduced event = ConditioningEvents.makeItNight(id, source, conditioning, 4, FusionMode.TEXT_ENCODER).build();
        return new ProducerRecord<>(Topics.CONDITIONING_PRODUCED.name(), id, Topics.CONDITIONING_PRODUCED.serde().encode(event));
    }
}
