package io.editstream.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** Image codecs, resizing and the two CHW tensor encodings. */
class ImageTensorsTest {

    @Test
    void signedChwRoundTripsEveryPixel() {
        BufferedImage image = gradient(23, 17);
        FloatTensor chw = ImageTensors.toSignedChw(image, 23, 17);
        assertThat(chw.shape()).containsExactly(1, 3, 17, 23);
        for (float v : chw.data()) {
            assertThat(v).isBetween(-1f, 1f);
        }
        BufferedImage back = ImageTensors.fromSignedChw(chw, 0);
        for (int y = 0; y < 17; y++) {
            for (int x = 0; x < 23; x++) {
                int a = image.getRGB(x, y);
                int b = back.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    assertThat(Math.abs(((a >> shift) & 0xFF) - ((b >> shift) & 0xFF))).isLessThanOrEqualTo(1);
                }
            }
        }
    }

    @Test
    void fromSignedChwClampsAndPicksTheBatchItem() {
        float[] data = {5f, -5f, Float.NaN, 0f, 0f, 0f};
        BufferedImage first = ImageTensors.fromSignedChw(new FloatTensor(new long[] {2, 3, 1, 1}, data), 0);
        assertThat(first.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xFF0080);
        assertThatThrownBy(() -> ImageTensors.fromSignedChw(new FloatTensor(new long[] {1, 3, 1, 1}, new float[3]), 1))
                .hasMessageContaining("batch index 1");
    }

    @Test
    void normalisedChwAppliesMeanAndStdPerChannel() {
        BufferedImage white = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                white.setRGB(x, y, 0xFF0000);
            }
        }
        FloatTensor t = ImageTensors.toNormalizedChw(white, 2, new float[] {0.5f, 0.5f, 0f}, new float[] {0.5f, 0.25f, 1f});
        assertThat(t.shape()).containsExactly(1, 3, 2, 2);
        assertThat(t.data()).containsExactly(1f, 1f, 1f, 1f, -2f, -2f, -2f, -2f, 0f, 0f, 0f, 0f);
    }

    @Test
    void pngRoundTripAndResize() {
        BufferedImage image = gradient(40, 30);
        BufferedImage decoded = ImageTensors.decode(ImageTensors.encodePng(image));
        assertThat(decoded.getRGB(7, 9)).isEqualTo(image.getRGB(7, 9));
        BufferedImage small = ImageTensors.resize(decoded, 10, 5);
        assertThat(small.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(small.getWidth()).isEqualTo(10);
        assertThat(small.getHeight()).isEqualTo(5);
        // The gradient's red channel grows with x, so it must still grow after the bilinear shrink.
        assertThat((small.getRGB(9, 2) >> 16) & 0xFF).isGreaterThan((small.getRGB(0, 2) >> 16) & 0xFF);
    }

    @Test
    void unreadableBytesAreRejectedClearly() {
        assertThatThrownBy(() -> ImageTensors.decode("GIF? no".getBytes()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a readable PNG");
        assertThatThrownBy(() -> ImageTensors.decode(new byte[0])).hasMessageContaining("empty");
    }

    static BufferedImage gradient(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (x * 255 / (width - 1)) << 16 | (y * 255 / (height - 1)) << 8 | ((x * 37 + y * 11) & 0xFF));
            }
        }
        return image;
    }
}
