package io.editstream.scorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ImageMetricsTest {

    private static BufferedImage image(int width, int height, int... rgb) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < width * height; i++) {
            image.setRGB(i % width, i / width, rgb[i % rgb.length]);
        }
        return image;
    }

    @Test
    void identicalImagesHaveNoDifference() {
        BufferedImage a = image(3, 2, 0x102030, 0xff00ff, 0x7f7f7f);
        assertThat(ImageMetrics.l1(a, a)).isZero();
        assertThat(ImageMetrics.l2(a, a)).isZero();
    }

    @Test
    void oneWhitePixelAmongFourBlackOnes() {
        BufferedImage black = image(2, 2, 0x000000);
        BufferedImage oneWhite = image(2, 2, 0xffffff, 0x000000, 0x000000, 0x000000);
        // 3 of 12 channel values differ by 1.0
        assertThat(ImageMetrics.l1(black, oneWhite)).isCloseTo(0.25, within(1e-12));
        assertThat(ImageMetrics.l2(black, oneWhite)).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void squaringShrinksSmallDifferences() {
        BufferedImage a = image(1, 1, 0x000000);
        BufferedImage b = image(1, 1, 0x336699);      // 51, 102, 153 = 0.2, 0.4, 0.6
        assertThat(ImageMetrics.l1(a, b)).isCloseTo(0.4, within(1e-12));
        assertThat(ImageMetrics.l2(a, b)).isCloseTo((0.04 + 0.16 + 0.36) / 3, within(1e-12));
        assertThat(ImageMetrics.l1(b, a)).isEqualTo(ImageMetrics.l1(a, b));
    }

    @Test
    void differentSizesAreComparedAtTheSmallerSize() {
        BufferedImage small = image(4, 4, 0x808080);
        BufferedImage large = image(8, 8, 0x808080);
        assertThat(ImageMetrics.l1(small, large)).isCloseTo(0, within(1e-9));
        BufferedImage largeWhite = image(8, 8, 0xffffff);
        assertThat(ImageMetrics.l1(small, largeWhite)).isCloseTo(127 / 255.0, within(1e-9));
    }

    @Test
    void cosineOfKnownVectors() {
        assertThat(ImageMetrics.cosine(new float[] {1, 0}, new float[] {0, 1})).isCloseTo(0, within(1e-12));
        assertThat(ImageMetrics.cosine(new float[] {1, 2, 3}, new float[] {2, 4, 6})).isCloseTo(1, within(1e-9));
        assertThat(ImageMetrics.cosine(new float[] {1, 1}, new float[] {-1, 0})).isCloseTo(-Math.sqrt(0.5), within(1e-9));
        assertThat(ImageMetrics.cosine(new float[] {0, 0}, new float[] {1, 0})).isZero();
    }

    @Test
    void cosineRejectsMismatchedLengths() {
        assertThatThrownBy(() -> ImageMetrics.cosine(new float[2], new float[3])).isInstanceOf(IllegalArgumentException.class);
    }
}
