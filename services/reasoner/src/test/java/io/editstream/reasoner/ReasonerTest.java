package io.editstream.reasoner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.editstream.onnx.Bundles;
import io.editstream.onnx.Device;
import io.editstream.onnx.ModelBundle;
import io.editstream.testing.PaintedScene;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The reasoner on the fixture bundle: output shapes, a valid distribution, bounded greedy decoding, determinism. */
class ReasonerTest {
    private static final String INSTRUCTION = "what would the red ball look like if it melted";
    private static ModelBundle bundle;
    private static Reasoner reasoner;

    @BeforeAll
    static void load() {
        bundle = ModelBundle.load(Bundles.locate("reasoner"));
        reasoner = Reasoner.load(bundle, Device.CPU, 24);
    }

    @AfterAll
    static void close() {
        reasoner.close();
    }

    static BufferedImage scene() {
        return PaintedScene.filled(96, 80, new Color(214, 222, 230)).rect(new Color(139, 94, 60), 8, 50, 80, 6)
                .oval(Color.RED, 20, 36, 14, 14).image();
    }

    @Test
    void producesGuidanceTokensATypeAndAnExplicitInstruction() {
        Reasoning r = reasoner.reason(scene(), INSTRUCTION);

        assertThat(r.guidance().shape()).containsExactly(1, 8, 64);
        assertThat(r.guidance().data()).hasSize(8 * 64);
        assertThat(r.type()).isNotNull();
        // the chosen type is the arg-max of a 5-way softmax
        assertThat(r.confidence()).isBetween(0.2f, 1.0f);
        assertThat(r.explicitInstruction()).isNotBlank();
        assertThat(r.explicitInstruction().split(" ")).hasSizeLessThanOrEqualTo(24);
    }

    @Test
    void sameInputGivesTheSameReasoning() {
        Reasoning a = reasoner.reason(scene(), INSTRUCTION);
        Reasoning b = reasoner.reason(scene(), INSTRUCTION);

        assertThat(b.explicitInstruction()).isEqualTo(a.explicitInstruction());
        assertThat(b.type()).isEqualTo(a.type());
        assertThat(b.confidence()).isEqualTo(a.confidence());
        assertThat(b.guidance().data()).containsExactly(a.guidance().data());
    }

    @Test
    void guidanceDependsOnTheInstruction() {
        float[] a = reasoner.reason(scene(), INSTRUCTION).guidance().data();
        float[] b = reasoner.reason(scene(), "paint the table green").guidance().data();
        assertThat(Arrays.equals(a, b)).isFalse();
    }

    @Test
    void decodingStopsAtTheTokenLimit() {
        try (Reasoner oneToken = Reasoner.load(bundle, Device.CPU, 1)) {
            String explicit = oneToken.reason(scene(), INSTRUCTION).explicitInstruction();
            // one decoded word, or the original instruction when the first token was [EOS]
            assertThat(explicit.equals(INSTRUCTION) || explicit.split(" ").length == 1).as(explicit).isTrue();
        }
    }

    @Test
    void softmaxAndArgmax() {
        float[] p = Reasoner.softmax(new float[] {0f, (float) Math.log(3)});
        assertThat(p[0]).isCloseTo(0.25f, within(1e-6f));
        assertThat(p[1]).isCloseTo(0.75f, within(1e-6f));
        assertThat(Reasoner.softmax(new float[] {1000f, 1000f})).containsExactly(0.5f, 0.5f);
        assertThat(Reasoner.argmax(new float[] {5, 1, 4, 4}, Set.of())).isZero();
        assertThat(Reasoner.argmax(new float[] {5, 1, 4, 4}, Set.of(0))).isEqualTo(2);
        assertThat(Reasoner.argmax(new float[] {5, 1, 9, 4}, Set.of(0, 2))).isEqualTo(3);
    }
}
