package io.editstream.cueextractor;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.events.Region;
import org.junit.jupiter.api.Test;

/** Regions are pooled over the part of the image the patch grid covers: a centre crop moves them, or cuts them off. */
class ProposedRegionTest {
    /** A 2×2 grid of one-wide tokens: 1 2 / 3 4. */
    private static final float[] TOKENS = {1, 2, 3, 4};
    /** The square centre crop of a 200×100 image, as a CLIP processor takes it. */
    private static final double[] CROP = {0.25, 0, 0.75, 1};

    @Test
    void boxesAreMovedIntoTheCropAndOneOutsideItTakesTheNearestPatch() {
        assertThat(ProposedRegion.box(box(60, 0, 30, 40)).pool(TOKENS, 4, 1, 200, 100, CROP)).containsExactly(1f);
        assertThat(ProposedRegion.box(box(150, 0, 50, 100)).pool(TOKENS, 4, 1, 200, 100, CROP)).containsExactly(4f);
        assertThat(ProposedRegion.box(box(150, 0, 50, 100)).pool(TOKENS, 4, 1, 200, 100, ProposedRegion.WHOLE_IMAGE))
                .as("without a crop the right quarter is the right column").containsExactly(3f);
    }

    @Test
    void masksAreCroppedToTheViewBeforePooling() {
        boolean[] pixels = new boolean[200 * 100];
        for (int y = 0; y < 50; y++) {
            for (int x = 100; x < 150; x++) {
                pixels[y * 200 + x] = true;
            }
        }
        ProposedRegion region = new ProposedRegion(box(100, 0, 50, 50), new RegionMask(200, 100, pixels));
        assertThat(region.pool(TOKENS, 4, 1, 200, 100, CROP)).containsExactly(2f);
    }

    private static Region box(int x, int y, int w, int h) {
        return Region.newBuilder().setX(x).setY(y).setWidth(w).setHeight(h).setAreaFraction(0.1f)
                .setMeanRgb(java.util.List.of(0f, 0f, 0f)).build();
    }
}
