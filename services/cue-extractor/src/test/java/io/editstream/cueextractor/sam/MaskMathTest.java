package io.editstream.cueextractor.sam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Stability score, mask boxes, NMS and the point grid on small hand-checked cases. */
class MaskMathTest {

    @Test
    void stabilityIsTheIouOfTheTwoCutOffs() {
        float[] logits = {-2f, -0.5f, 0.5f, 1.5f, 3f, 0f};
        int[] counts = MaskMath.stabilityCounts(logits, 0, logits.length, 0f, 1f);
        assertThat(counts).containsExactly(2, 5);
        assertThat(MaskMath.stabilityScore(2, 5)).isEqualTo(0.4f);
        assertThat(MaskMath.stabilityCounts(logits, 3, 3, 0f, 1f)).containsExactly(2, 3);
    }

    @Test
    void boxesAreInclusivePixelIndicesAndEmptyMasksGiveZeros() {
        boolean[] mask = new boolean[5 * 4];
        assertThat(MaskMath.box(mask, 5, 4)).containsExactly(0, 0, 0, 0);
        mask[1 * 5 + 3] = true;
        mask[2 * 5 + 1] = true;
        assertThat(MaskMath.box(mask, 5, 4)).containsExactly(1, 1, 3, 2);
    }

    @Test
    void nmsKeepsTheBestOfOverlappingBoxesInScoreOrder() {
        List<int[]> boxes = List.of(new int[] {0, 0, 10, 10}, new int[] {1, 1, 10, 10}, new int[] {20, 20, 30, 30},
                new int[] {0, 0, 10, 5});
        // box 1 overlaps box 0 by 81/100 > 0.7; box 3 by 50/100, kept
        assertThat(MaskMath.nms(boxes, new float[] {0.9f, 0.95f, 0.5f, 0.8f}, 0.7)).containsExactly(1, 3, 2);
        assertThat(MaskMath.nms(boxes, new float[] {0.9f, 0.95f, 0.5f, 0.8f}, 0.85)).containsExactly(1, 0, 3, 2);
    }

    @Test
    void nmsBreaksTiesByInputOrderAndNeverSuppressesOnZeroAreaBoxes() {
        List<int[]> boxes = List.of(new int[] {3, 3, 3, 3}, new int[] {3, 3, 3, 3}, new int[] {0, 0, 4, 4});
        assertThat(MaskMath.nms(boxes, new float[] {0.9f, 0.9f, 0.9f}, 0.7)).containsExactly(0, 1, 2);
    }

    @Test
    void thePointGridIsSamsBuildPointGrid() {
        assertThat(PointGrid.unit(1)).isDeepEqualTo(new double[][] {{0.5, 0.5}});
        double[][] two = PointGrid.unit(2);
        assertThat(two).isDeepEqualTo(new double[][] {{0.25, 0.25}, {0.75, 0.25}, {0.25, 0.75}, {0.75, 0.75}});
        assertThat(PointGrid.forImage(2, 64, 48)[3]).containsExactly(48.0, 36.0);
        assertThat(SamPreprocessor.preprocessShape(48, 64, 1024)).containsExactly(768, 1024);
        assertThat(SamPreprocessor.preprocessShape(1500, 2250, 1024)).containsExactly(683, 1024);
        assertThat(SamPreprocessor.applyCoords(48, 36, 64, 48, 1024)).containsExactly(768.0, 576.0);
    }
}
