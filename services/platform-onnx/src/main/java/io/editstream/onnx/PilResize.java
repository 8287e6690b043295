package io.editstream.onnx;

/**
 * Pillow's {@code Image.resize} for 8-bit RGB images ({@code reducing_gap=None}), restated so that Hugging Face
 * image processors, which resize with PIL, can be matched pixel for pixel: a separable convolution, horizontal
 * pass first into an 8-bit intermediate, then vertical; the kernel is stretched by the scale when shrinking
 * (antialiasing); weights are normalised per output pixel, turned into 22-bit fixed point, and each sum is
 * rounded and clipped to 0..255. Filters: bilinear (triangle, support 1) and bicubic (Keys, a = −0.5, support 2).
 */
public final class PilResize {

    /** PIL's resampling filters by their {@code resample} number in preprocessor configs. */
    public enum Filter {
        BILINEAR(2, 1.0), BICUBIC(3, 2.0);

        final int pilCode;
        final double support;

        Filter(int pilCode, double support) {
            this.pilCode = pilCode;
            this.support = support;
        }

        double weight(double x) {
            double ax = Math.abs(x);
            if (this == BILINEAR) {
                return ax < 1.0 ? 1.0 - ax : 0.0;
            }
            double a = -0.5;
            if (ax < 1.0) {
                return ((a + 2.0) * ax - (a + 3.0)) * ax * ax + 1;
            }
            if (ax < 2.0) {
                return (((ax - 5) * ax + 8) * ax - 4) * a;
            }
            return 0.0;
        }

        static Filter of(int pilCode) {
            for (Filter f : values()) {
                if (f.pilCode == pilCode) {
                    return f;
                }
            }
            return null;
        }
    }

    private static final int PRECISION_BITS = 32 - 8 - 2;

    private PilResize() {
    }

    /** One axis' taps: for output index i, {@code count[i]} weights starting at source index {@code first[i]}. */
    private record Taps(int[] first, int[] count, int[] weights, int ksize) {
    }

    private static Taps taps(int inSize, int outSize, Filter filter) {
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = filter.support * filterScale;
        int ksize = (int) Math.ceil(support) * 2 + 1;
        int[] first = new int[outSize];
        int[] count = new int[outSize];
        int[] weights = new int[outSize * ksize];
        double[] k = new double[ksize];
        for (int xx = 0; xx < outSize; xx++) {
            double center = (xx + 0.5) * scale;
            double ss = 1.0 / filterScale;
            int xmin = Math.max(0, (int) (center - support + 0.5));
            int xmax = Math.min(inSize, (int) (center + support + 0.5)) - xmin;
            double ww = 0.0;
            for (int x = 0; x < xmax; x++) {
                k[x] = filter.weight((x + xmin - center + 0.5) * ss);
                ww += k[x];
            }
            for (int x = 0; x < xmax; x++) {
                double w = ww != 0.0 ? k[x] / ww : k[x];
                weights[xx * ksize + x] = w < 0 ? (int) (-0.5 + w * (1 << PRECISION_BITS))
                        : (int) (0.5 + w * (1 << PRECISION_BITS));
            }
            first[xx] = xmin;
            count[xx] = xmax;
        }
        return new Taps(first, count, weights, ksize);
    }

    private static int clip8(int sum) {
        int v = sum >> PRECISION_BITS;
        return v < 0 ? 0 : Math.min(v, 255);
    }

    /**
     * Resizes interleaved RGB bytes (HWC, 3 per pixel) of {@code width × height} to {@code newWidth × newHeight}.
     * The same size returns a copy, as PIL does.
     */
    public static byte[] resize(byte[] rgb, int width, int height, int newWidth, int newHeight, Filter filter) {
        byte[] current = rgb.clone();
        int w = width;
        if (newWidth != width) {
            Taps t = taps(width, newWidth, filter);
            byte[] out = new byte[newWidth * height * 3];
            for (int y = 0; y < height; y++) {
                int row = y * width * 3;
                for (int xx = 0; xx < newWidth; xx++) {
                    int base = xx * t.ksize;
                    for (int c = 0; c < 3; c++) {
                        int ss = 1 << (PRECISION_BITS - 1);
                        for (int x = 0; x < t.count[xx]; x++) {
                            ss += (current[row + (x + t.first[xx]) * 3 + c] & 0xFF) * t.weights[base + x];
                        }
                        out[(y * newWidth + xx) * 3 + c] = (byte) clip8(ss);
                    }
                }
            }
            current = out;
            w = newWidth;
        }
        if (newHeight != height) {
            Taps t = taps(height, newHeight, filter);
            byte[] out = new byte[w * newHeight * 3];
            for (int yy = 0; yy < newHeight; yy++) {
                int base = yy * t.ksize;
                for (int x = 0; x < w; x++) {
                    for (int c = 0; c < 3; c++) {
                        int ss = 1 << (PRECISION_BITS - 1);
                        for (int y = 0; y < t.count[yy]; y++) {
                            ss += (current[((y + t.first[yy]) * w + x) * 3 + c] & 0xFF) * t.weights[base + y];
                        }
                        out[(yy * w + x) * 3 + c] = (byte) clip8(ss);
                    }
                }
            }
            current = out;
        }
        return current;
    }
}
