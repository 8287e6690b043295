package io.editstream.renderer;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.events.ConditioningProduced;
import io.editstream.events.DType;
import io.editstream.events.EditOptions;
import io.editstream.events.FusionMode;
import io.editstream.events.ImageRef;
import io.editstream.events.ImageRendered;
import io.editstream.events.ReasoningType;
import io.editstream.events.RequestContext;
import io.editstream.events.StageInfo;
import io.editstream.events.TensorRef;
import io.editstream.kafka.FailureRecords;
import io.editstream.kafka.Topics;
import io.editstream.onnx.ImageTensors;
import io.editstream.storage.ObjectKeys;
import io.editstream.storage.ObjectStore;
import io.editstream.testing.SampleImages;
import io.editstream.testing.TestInfra;
import io.editstream.testing.TestServices;
import io.editstream.testing.TopicReader;
import io.vertx.core.Vertx;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The renderer service on a real broker and S3: a request is rendered and stored; a broken one is dead-lettered. */
class RendererIT {
    private static final String BUCKET = "renderer-it";

    @Test
    void rendersAndStoresAndDeadLettersWhatCannotBeRendered() throws Exception {
        Vertx vertx = TestServices.deploy(new RendererVerticle(), TestServices.config(BUCKET));
        try (ObjectStore store = TestInfra.objectStore(BUCKET)) {
            String good = "render-" + UUID.randomUUID();
            String missing = "render-missing-" + UUID.randomUUID();
            String misshapen = "render-shape-" + UUID.randomUUID();
            byte[] png = SampleImages.scenePng(72, 48, 5);
            ImageRef source = store.putImage(ObjectKeys.source(good, "png"), png, "image/png", 72, 48);
            TensorRef conditioning = store.putTensor(ObjectKeys.tensor(good, "enhancer"),
                    new byte[16 * 64 * 4], new long[] {16, 64}, DType.FLOAT32);
            TensorRef wrongShape = store.putTensor(ObjectKeys.tensor(misshapen, "enhancer"),
                    new byte[8 * 64 * 4], new long[] {8, 64}, DType.FLOAT32);
            ImageRef absent = ImageRef.newBuilder(source).setUri(store.uri(ObjectKeys.source(missing, "png"))).build();
            try (var producer = new KafkaProducer<>(TestInfra.kafkaSettings().base(), new StringSerializer(), new ByteArraySerializer())) {
                producer.send(record(missing, absent, conditioning)).get();
                producer.send(record(misshapen, source, wrongShape)).get();
                producer.send(record(good, source, conditioning)).get();
            }

            var rendered = TopicReader.readUntil(TestInfra.kafkaSettings(), Topics.IMAGE_RENDERED,
                    rs -> rs.stream().anyMatch(r -> r.key().equals(good)), Duration.ofSeconds(60));
            ImageRendered event = rendered.stream().filter(r -> r.key().equals(good)).findFirst().orElseThrow().value();
            BufferedImage edited = ImageTensors.decode(store.getImage(event.getOutput()));
            assertThat(edited.getWidth()).isEqualTo(72);
            assertThat(edited.getHeight()).isEqualTo(48);
            assertThat(event.getSampler()).isEqualTo("euler-ancestral");
            assertThat(event.getStage().getModelMicros()).isPositive();
            assertThat(rendered).noneMatch(r -> r.key().equals(missing) || r.key().equals(misshapen));

            var dead = TopicReader.readRaw(TestInfra.kafkaSettings(), Topics.deadLetter(Topics.RENDERER),
                    rs -> rs.stream().filter(r -> r.key().equals(missing) || r.key().equals(misshapen)).count() >= 2,
                    Duration.ofSeconds(30));
            assertThat(cause(dead, missing)).contains("source image").contains(missing);
            assertThat(cause(dead, misshapen)).contains("[8, 64]").contains("[16, 64]");
            var failed = TopicReader.readUntil(TestInfra.kafkaSettings(), Topics.failed(Topics.RENDERER),
                    rs -> rs.stream().filter(r -> r.key().equals(missing) || r.key().equals(misshapen)).count() >= 2,
                    Duration.ofSeconds(30));
            assertThat(failed).filteredOn(r -> r.key().equals(missing))
                    .anySatisfy(r -> assertThat(r.value().getStage()).isEqualTo(Topics.RENDERER));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static String cause(List<? extends ConsumerRecord<String, byte[]>> dead, String key) {
        return new String(dead.stream().filter(r -> r.key().equals(key)).findFirst().orElseThrow()
                .headers().lastHeader(FailureRecords.CAUSE).value(), StandardCharsets.UTF_8);
    }

    private static ProducerRecord<String, byte[]> record(String id, ImageRef source, TensorRef conditioning) {
        ConditioningProduced event = ConditioningProduced.newBuilder().setEventId("c-" + id).setRequestId(id)
                .setOccurredAt(Instant.now())
                .setContext(RequestContext.newBuilder().setSource(source).setInstruction("make it night")
                        .setOptions(EditOptions.newBuilder().setSteps(3).build()).setSubmittedAt(Instant.now()).build())
                .setStage(StageInfo.newBuilder().setStage("enhancer").setReceivedAt(Instant.now()).setUpstreamAt(Instant.now()).build())
                .setExplicitInstruction("make it night").setReasoningType(ReasoningType.EXPLICIT).setMode(FusionMode.LEARNED_FUSION)
                .setConditioning(conditioning).build();
        return new ProducerRecord<>(Topics.CONDITIONING_PRODUCED.name(), id, Topics.CONDITIONING_PRODUCED.serde().encode(event));
    }
}
