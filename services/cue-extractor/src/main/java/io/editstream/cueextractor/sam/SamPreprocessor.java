package io.editstream.cueextractor.sam;

import io.editstream.onnx.FloatTensor;
import io.editstream.onnx.PilResize;
import java.awt.image.BufferedImage;

/**
 * SAM's image preprocessing: ResizeLongestSide (long side to the encoder's size, short side scaled and
 * rounded half up, Pillow bilinear on the 8-bit image), then Sam.preprocess: per channel
 * {@code (x - pixel_mean) / pixel_std} in float32 on the 0..255 scale, and zero padding at the bottom and right
 * to a square. Also maps point coordinates from the original image into the resized frame (apply_coords).
 */
public final class SamPreprocessor {

    /** The encoder input [1, 3, L, L] and the resized (unpadded) size it holds. */
    public record Prepared(FloatTensor pixels, int[][] resized, int originalWidth, int originalHeight,
                           int resizedWidth, int resizedHeight) {
    }

    private final int longSide;
    private final float[] mean;
    private final float[] std;

    public SamPreprocessor(int longSide, float[] mean, float[] std) {
        if (longSide < 1 || mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("SAM preprocessing needs a positive long side and 3 means and stds");
        }
        this.longSide = longSide;
        this.mean = mean.clone();
        this.std = std.clone();
    }

    public int longSide() {
        return longSide;
    }

    /** ResizeLongestSide.get_preprocess_shape: {height, width} after scaling the long side to {@code longSide}. */
    public static int[] preprocessShape(int height, int width, int longSide) {
        double scale = longSide * 1.0 / Math.max(height, width);
        return new int[] {(int) (height * scale + 0.5), (int) (width * scale + 0.5)};
    }

    public Prepared prepare(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] shape = preprocessShape(h, w, longSide);
        int newH = shape[0];
        int newW = shape[1];
        int[][] resized = resizePlanes(image.getRGB(0, 0, w, h, null, 0, w), w, h, newW, newH);
        float[] data = new float[3 * longSide * longSide];
        for (int c = 0; c < 3; c++) {
            int base = c * longSide * longSide;
            for (int y = 0; y < newH; y++) {
                for (int x = 0; x < newW; x++) {
                    data[base + y * longSide + x] = (resized[c][y * newW + x] - mean[c]) / std[c];
                }
            }
        }
        return new Prepared(new FloatTensor(new long[] {1, 3, longSide, longSide}, data), resized, w, h, newW, newH);
    }

    /**
     * Pillow's {@code resize(size, BILINEAR)}, which SAM's ResizeLongestSide applies to a PIL image, of packed 0xRRGGBB
     * pixels, as three planes (R, G, B) of 0..255 values.
     */
    static int[][] resizePlanes(int[] packed, int width, int height, int newWidth, int newHeight) {
        byte[] rgb = new byte[packed.length * 3];
        for (int i = 0; i < packed.length; i++) {
            rgb[i * 3] = (byte) (packed[i] >> 16);
            rgb[i * 3 + 1] = (byte) (packed[i] >> 8);
            rgb[i * 3 + 2] = (byte) packed[i];
        }
        byte[] resized = PilResize.resize(rgb, width, height, newWidth, newHeight, PilResize.Filter.BILINEAR);
        int[][] planes = new int[3][newWidth * newHeight];
        for (int i = 0; i < planes[0].length; i++) {
            for (int c = 0; c < 3; c++) {
                planes[c][i] = resized[i * 3 + c] & 0xFF;
            }
        }
        return planes;
    }

    /** The resized image as float [h, w, 3] on 0..255: the input of an encoder exported with its preprocessing. */
    public static FloatTensor hwc(Prepared prepared) {
        int n = prepared.resizedWidth() * prepared.resizedHeight();
        float[] data = new float[n * 3];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                data[i * 3 + c] = prepared.resized()[c][i];
            }
        }
        return new FloatTensor(new long[] {prepared.resizedHeight(), prepared.resizedWidth(), 3}, data);
    }

    /** ResizeLongestSide.apply_coords: (x, y) in original pixels to the resized frame, in double. */
    public static double[] applyCoords(double x, double y, int width, int height, int longSide) {
        int[] shape = preprocessShape(height, width, longSide);
        return new double[] {x * ((double) shape[1] / width), y * ((double) shape[0] / height)};
    }
}
