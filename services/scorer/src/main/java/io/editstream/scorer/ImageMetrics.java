package io.editstream.scorer;

import io.editstream.onnx.ImageTensors;
import java.awt.image.BufferedImage;

/**
 * Pixel and embedding metrics of an edit. L1 is the mean absolute and L2 the mean squared difference
 * of RGB values scaled to [0,1], over every pixel and channel; images of different sizes are first
 * resized (bilinear) to the smaller width and the smaller height of the two, so neither is upsampled
 * beyond what it holds. Cosine similarity compares two embedding vectors.
 */
public final class ImageMetrics {

    private ImageMetrics() {
    }

    /** Mean absolute RGB difference in [0,1]. */
    public static double l1(BufferedImage a, BufferedImage b) {
        return meanDifference(a, b, false);
    }

    /** Mean squared RGB difference in [0,1]. */
    public static double l2(BufferedImage a, BufferedImage b) {
        return meanDifference(a, b, true);
    }

    /** Cosine of the angle between two vectors; 0 when either is all zeros. */
    public static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors differ in length: " + a.length + " vs " + b.length);
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        if (na == 0 || nb == 0) {
            return 0;
        }
        return dot / Math.sqrt(na * nb);
    }

    private static double meanDifference(BufferedImage a, BufferedImage b, boolean squared) {
        int width = Math.min(a.getWidth(), b.getWidth());
        int height = Math.min(a.getHeight(), b.getHeight());
        int[] pa = pixels(a, width, height);
        int[] pb = pixels(b, width, height);
        double sum = 0;
        for (int i = 0; i < pa.length; i++) {
            for (int shift = 16; shift >= 0; shift -= 8) {
                double d = (((pa[i] >> shift) & 0xff) - ((pb[i] >> shift) & 0xff)) / 255.0;
                sum += squared ? d * d : Math.abs(d);
            }
        }
        return sum / (3.0 * pa.length);
    }

    private static int[] pixels(BufferedImage image, int width, int height) {
        BufferedImage sized = image.getWidth() == width && image.getHeight() == height
                ? image : ImageTensors.resize(image, width, height);
        return sized.getRGB(0, 0, width, height, null, 0, width);
    }
}
