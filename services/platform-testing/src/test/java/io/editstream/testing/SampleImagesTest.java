package io.editstream.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Sample scenes are reproducible from their seed, so tests can compare images across runs and stages. */
class SampleImagesTest {
    @Test
    void theSameSeedGivesTheSameBytes() {
        assertThat(SampleImages.scenePng(64, 64, 42)).isEqualTo(SampleImages.scenePng(64, 64, 42));
    }

    @Test
    void differentSeedsGiveDifferentScenes() {
        assertThat(SampleImages.scenePng(64, 64, 1)).isNotEqualTo(SampleImages.scenePng(64, 64, 2));
    }

    @Test
    void thePngDecodesToTheAskedSizeWithColouredObjectsOnTheTable() throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(SampleImages.scenePng(80, 60, 7)));
        assertThat(image.getWidth()).isEqualTo(80);
        assertThat(image.getHeight()).isEqualTo(60);
        long saturated = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = rgb >> 16 & 0xff;
                int g = rgb >> 8 & 0xff;
                int b = rgb & 0xff;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 100) {
                    saturated++;
                }
            }
        }
        // wall, table and floor are muted; only the shapes are strongly coloured
        assertThat(saturated).isGreaterThan(20);
    }
}
