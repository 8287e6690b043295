package io.editstream.renderer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** Which pixels count as edited, how the mask grows, and that everything else is the source's own pixels. */
class UneditedPixelsTest {
    private static BufferedImage filled(int w, int h, int rgb) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        return image;
    }

    @Test
    void smallDiffuseChangesAreNotEditsAndLargeOnesAre() {
        BufferedImage reconstruction = filled(8, 8, 0x808080);
        BufferedImage rendering = filled(8, 8, 0x848484);   // 4 levels off everywhere: the denoiser's drift
        rendering.setRGB(3, 4, 0x80FF80);                   // one real change in green
        boolean[] edited = UneditedPixels.edited(reconstruction, rendering, 16, 0);
        assertThat(UneditedPixels.share(edited)).isEqualTo(1.0 / 64);
        assertThat(edited[4 * 8 + 3]).isTrue();
        assertThat(UneditedPixels.edited(reconstruction, rendering, 3, 0)).as("a threshold below the drift").containsOnly(true);
    }

    @Test
    void theMaskGrowsByTheGivenPixelsClippedAtTheBorder() {
        BufferedImage reconstruction = filled(8, 8, 0);
        BufferedImage rendering = filled(8, 8, 0);
        rendering.setRGB(0, 0, 0xFFFFFF);
        assertThat(UneditedPixels.share(UneditedPixels.edited(reconstruction, rendering, 16, 1))).isEqualTo(4.0 / 64);
        rendering.setRGB(0, 0, 0);
        rendering.setRGB(4, 4, 0xFF0000);
        assertThat(UneditedPixels.share(UneditedPixels.edited(reconstruction, rendering, 16, 2))).isEqualTo(25.0 / 64);
    }

    @Test
    void outsideTheMaskTheSourcesPixelsAreKeptExactly() {
        BufferedImage source = filled(4, 4, 0x102030);
        BufferedImage rendering = filled(4, 4, 0x112131);
        rendering.setRGB(1, 2, 0xFF0000);
        BufferedImage kept = UneditedPixels.keep(source, rendering, UneditedPixels.edited(source, rendering, 8, 0));
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                assertThat(kept.getRGB(x, y) & 0xFFFFFF).isEqualTo(x == 1 && y == 2 ? 0xFF0000 : 0x102030);
            }
        }
        assertThatThrownBy(() -> UneditedPixels.edited(filled(4, 4, 0), filled(4, 5, 0), 8, 0))
                .hasMessageContaining("differ in size");
    }
}
