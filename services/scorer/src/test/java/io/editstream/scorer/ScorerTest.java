package io.editstream.scorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.editstream.onnx.Bundles;
import io.editstream.onnx.Device;
import io.editstream.onnx.ModelBundle;
import io.editstream.testing.PaintedScene;
import java.awt.Color;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Scoring on the fixture clip bundle: which metrics appear, their identities, and the copy baseline. */
class ScorerTest {
    private static final String TEXT = "paint the red ball green";
    private static Scorer scorer;

    @BeforeAll
    static void load() {
        scorer = Scorer.load(ModelBundle.load(Bundles.locate("clip")), Device.CPU);
    }

    @AfterAll
    static void close() {
        scorer.close();
    }

    static BufferedImage scene(Color ball) {
        return PaintedScene.filled(64, 64, new Color(214, 222, 230)).oval(ball, 20, 20, 20, 20).image();
    }

    @Test
    void withoutAReferenceOnlySourceAndTextMetricsAreGiven() {
        BufferedImage source = scene(Color.RED);
        BufferedImage output = scene(Color.GREEN);

        Scorer.Scores s = scorer.score(source, output, null, TEXT);

        assertThat(s.output()).containsOnlyKeys("l1_to_source", "l2_to_source", "clip_t");
        assertThat(s.copyBaseline()).containsOnlyKeys("l1_to_source", "l2_to_source", "clip_t");
        assertThat(s.output().get("l1_to_source")).isCloseTo(ImageMetrics.l1(output, source), within(1e-12));
        assertThat(s.output().get("l2_to_source")).isCloseTo(ImageMetrics.l2(output, source), within(1e-12));
        assertThat(s.output().get("l1_to_source")).isPositive();
        assertThat(s.copyBaseline().get("l1_to_source")).isZero();
        assertThat(s.copyBaseline().get("l2_to_source")).isZero();
        assertThat(s.output().get("clip_t")).isBetween(-1.0, 1.0);
        assertThat(s.output().get("clip_t")).isNotEqualTo(s.copyBaseline().get("clip_t"));
    }

    @Test
    void referenceMetricsCompareWithTheGroundTruth() {
        BufferedImage source = scene(Color.RED);
        BufferedImage output = scene(Color.GREEN);

        Scorer.Scores s = scorer.score(source, output, scene(Color.GREEN), TEXT);

        assertThat(s.output()).containsOnlyKeys("l1_to_source", "l2_to_source", "clip_t", "l1", "l2", "clip_i");
        assertThat(s.output().get("l1")).isZero();
        assertThat(s.output().get("l2")).isZero();
        assertThat(s.output().get("clip_i")).isCloseTo(1.0, within(1e-5));
        assertThat(s.copyBaseline().get("l1")).isEqualTo(s.output().get("l1_to_source"));
        assertThat(s.copyBaseline().get("clip_i")).isLessThan(s.output().get("clip_i"));
    }

    @Test
    void scoresAreDeterministic() {
        Scorer.Scores a = scorer.score(scene(Color.RED), scene(Color.BLUE), scene(Color.GREEN), TEXT);
        Scorer.Scores b = scorer.score(scene(Color.RED), scene(Color.BLUE), scene(Color.GREEN), TEXT);
        assertThat(b).isEqualTo(a);
    }
}
