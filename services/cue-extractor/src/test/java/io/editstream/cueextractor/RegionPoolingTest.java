package io.editstream.cueextractor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.editstream.events.Region;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegionPoolingTest {
    /** A 2x2 grid of 2-d tokens: top-left, top-right, bottom-left, bottom-right. */
    private static final float[] TOKENS = {1, 2, 3, 4, 5, 6, 7, 8};

    private static Region box(int x, int y, int w, int h) {
        return Region.newBuilder().setX(x).setY(y).setWidth(w).setHeight(h).setAreaFraction(0f).setMeanRgb(List.of()).build();
    }

    @Test
    void averagesThePatchesWhoseCentresLieInTheBox() {
        assertThat(RegionPooling.pool(TOKENS, 4, 2, box(0, 0, 4, 8), 8, 8)).containsExactly(3f, 4f);
        assertThat(RegionPooling.pool(TOKENS, 4, 2, box(0, 0, 8, 8), 8, 8)).containsExactly(4f, 5f);
        assertThat(RegionPooling.pool(TOKENS, 4, 2, box(1, 5, 6, 3), 8, 8)).containsExactly(6f, 7f);
    }

    @Test
    void aBoxSmallerThanAPatchTakesThePatchUnderItsCentre() {
        assertThat(RegionPooling.pool(TOKENS, 4, 2, box(5, 5, 1, 1), 8, 8)).containsExactly(7f, 8f);
        assertThat(RegionPooling.pool(TOKENS, 4, 2, box(0, 7, 1, 1), 8, 8)).containsExactly(5f, 6f);
    }

    @Test
    void boxesAreRelativeToTheImageSizeNotTheGrid() {
        // a 100x50 image: the right half is x >= 50 whatever the height
        assertThat(RegionPooling.pool(TOKENS, 4, 2, box(50, 0, 50, 50), 100, 50)).containsExactly(5f, 6f);
    }

    @Test
    void rejectsANonSquarePatchCount() {
        assertThatThrownBy(() -> RegionPooling.pool(new float[6], 3, 2, box(0, 0, 1, 1), 4, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("P = 3");
    }
}
