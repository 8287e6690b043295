package io.editstream.cueextractor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Coverage-weighted mask pooling over a square patch grid. */
class MaskPoolingTest {
    // a 2x2 grid of 1-d tokens: 1, 2 / 3, 4
    private static final float[] TOKENS = {1f, 2f, 3f, 4f};

    private static RegionMask mask(int w, int h, int... setPixels) {
        boolean[] p = new boolean[w * h];
        for (int i : setPixels) {
            p[i] = true;
        }
        return new RegionMask(w, h, p);
    }

    @Test
    void aFullMaskIsTheMeanOfAllTokens() {
        boolean[] all = new boolean[16];
        java.util.Arrays.fill(all, true);
        assertThat(MaskPooling.pool(TOKENS, 4, 1, new RegionMask(4, 4, all))[0]).isEqualTo(2.5f);
    }

    @Test
    void cellsCountByTheShareOfTheirPixelsInTheMask() {
        // 4x4 image: the top-left cell fully (4 px), the top-right cell one pixel of four
        RegionMask m = mask(4, 4, 0, 1, 4, 5, 2);
        assertThat((double) MaskPooling.pool(TOKENS, 4, 1, m)[0]).isCloseTo((1.0 * 1 + 0.25 * 2) / 1.25, within(1e-6));
    }

    @Test
    void oddSizesAssignPixelsByTheirCentres() {
        // 3 px wide, 2-wide grid: x = 0 -> cell 0, x = 1 (centre 1.5 of 3) -> cell 1, x = 2 -> cell 1
        RegionMask m = mask(3, 1, 1);
        float[] tokens = {10f, 20f, 30f, 40f};
        assertThat(MaskPooling.pool(tokens, 4, 1, m)[0]).isEqualTo(40f);
    }

    @Test
    void emptyMasksAndNonSquareGridsAreRefused() {
        assertThatThrownBy(() -> MaskPooling.pool(TOKENS, 4, 1, mask(2, 2))).hasMessageContaining("empty");
        assertThatThrownBy(() -> MaskPooling.pool(new float[3], 3, 1, mask(2, 2, 0))).hasMessageContaining("square");
    }
}
