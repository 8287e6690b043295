package io.editstream.scorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.editstream.events.BenchmarkTag;
import io.editstream.events.EditOptions;
import io.editstream.events.ImageRef;
import io.editstream.events.ImageRendered;
import io.editstream.events.ReasoningType;
import io.editstream.events.RequestContext;
import io.editstream.events.StageInfo;
import io.editstream.onnx.Bundles;
import io.editstream.onnx.Device;
import io.editstream.onnx.ModelBundle;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The optional DINO score on the fixture dino bundle, and what CLIP-T is measured against. */
class DinoScoreTest {
    private static Scorer scorer;

    @BeforeAll
    static void load() {
        scorer = Scorer.load(ModelBundle.load(Bundles.locate("clip")), ModelBundle.load(Bundles.locate("dino")), Device.CPU);
    }

    @AfterAll
    static void close() {
        scorer.close();
    }

    @Test
    void dinoComparesWithTheReferenceForOutputAndCopyBaseline() {
        BufferedImage source = ScorerTest.scene(Color.RED);
        BufferedImage output = ScorerTest.scene(Color.GREEN);

        Scorer.Scores s = scorer.score(source, output, ScorerTest.scene(Color.GREEN), "paint the ball green");

        assertThat(scorer.hasDino()).isTrue();
        assertThat(s.output().get("dino")).isCloseTo(1.0, within(1e-5));      // output equals the reference
        assertThat(s.copyBaseline().get("dino")).isBetween(-1.0, 1.0).isLessThan(s.output().get("dino"));
        assertThat(scorer.modelVersion()).contains("dino-fixture");
    }

    @Test
    void withoutAReferenceThereIsNoDinoScore() {
        Scorer.Scores s = scorer.score(ScorerTest.scene(Color.RED), ScorerTest.scene(Color.BLUE), null, "x");
        assertThat(s.output()).doesNotContainKey("dino");
    }

    @Test
    void dinoIsOffUnlessConfigured() {
        assertThat(ScorerVerticle.dinoBundle("")).isNull();
        assertThat(ScorerVerticle.dinoBundle(null)).isNull();
        assertThat(ScorerVerticle.dinoBundle("default")).isEqualTo(Bundles.locate("dino"));
        assertThat(ScorerVerticle.dinoBundle("/opt/dinov2")).hasToString("/opt/dinov2");
    }

    @Test
    void clipTReadsTheBenchmarkTargetTextWhenGivenElseTheItemsInstructionOutsideBenchmarksTheReasoners() {
        ImageRendered plain = rendered(null);
        ImageRendered tagged = rendered(BenchmarkTag.newBuilder().setRun("r").setItem("1").setTargetText("move the cube left").build());
        ImageRendered blank = rendered(BenchmarkTag.newBuilder().setRun("r").setItem("1").build());
        assertThat(ScorerHandler.targetText(plain)).isEqualTo("reasoner says");
        assertThat(ScorerHandler.targetText(tagged)).isEqualTo("move the cube left");
        assertThat(ScorerHandler.targetText(blank)).as("a benchmark item without an explicit instruction").isEqualTo("what if?");
    }

    private static ImageRendered rendered(BenchmarkTag tag) {
        ImageRef ref = ImageRef.newBuilder().setUri("s3://b/k").setSha256("0").setSizeBytes(1).setWidth(1).setHeight(1).build();
        RequestContext context = RequestContext.newBuilder().setSource(ref).setInstruction("what if?")
                .setOptions(EditOptions.newBuilder().build()).setSubmittedAt(Instant.EPOCH).setBenchmark(tag).build();
        return ImageRendered.newBuilder().setEventId("e").setRequestId("q").setOccurredAt(Instant.EPOCH).setContext(context)
                .setStage(StageInfo.newBuilder().setStage("diffusion-renderer").setModelId("m").setModelVersion("v")
                        .setReceivedAt(Instant.EPOCH).setUpstreamAt(Instant.EPOCH).setModelMicros(0).setIoMicros(0).build())
                .setExplicitInstruction("reasoner says").setReasoningType(ReasoningType.EXPLICIT).setOutput(ref)
                .setSampler("euler").build();
    }
}
