package io.editstream.cueextractor.sam;

/**
 * Pillow's {@code Image.resize(size, BILINEAR)} for 8-bit RGB, bit for bit: SAM's ResizeLongestSide resizes
 * a PIL image (torchvision's {@code resize} on a PIL image calls it), so this is what the image encoder
 * was fed. A separable triangle filter whose support widens with the reduction factor (antialiasing when
 * shrinking), taps normalised to sum 1, turned into 22-bit fixed point, horizontal pass first into an
 * 8-bit image, then the vertical pass, each rounded and clipped to 0..255 (restated from Pillow's
 * {@code libImaging/Resample.c}, checked against Pillow 9.4 by {@code models/scripts/sam_reference.py}).
 */
public final class PilBilinear {
    private static final int PRECISION_BITS = 32 - 8 - 2;

    private PilBilinear() {
    }

    /**
     * @param rgb packed 0xRRGGBB pixels, row-major, {@code width × height}
     * @return the resized image as three planes (R, G, B) of {@code newWidth × newHeight} values 0..255
     */
    public static int[][] resize(int[] rgb, int width, int height, int newWidth, int newHeight) {
        int[][] planes = new int[3][width * height];
        for (int i = 0; i < rgb.length; i++) {
            planes[0][i] = (rgb[i] >> 16) & 0xFF;
            planes[1][i] = (rgb[i] >> 8) & 0xFF;
            planes[2][i] = rgb[i] & 0xFF;
        }
        Taps horizontal = taps(width, newWidth);
        Taps vertical = taps(height, newHeight);
        int[][] out = new int[3][];
        for (int c = 0; c < 3; c++) {
            int[] temp = new int[newWidth * height];
            for (int y = 0; y < height; y++) {
                for (int xx = 0; xx < newWidth; xx++) {
                    int ss = 1 << (PRECISION_BITS - 1);
                    int min = horizontal.min[xx];
                    for (int x = 0; x < horizontal.count[xx]; x++) {
                        ss += planes[c][y * width + x + min] * horizontal.k[xx * horizontal.size + x];
                    }
                    temp[y * newWidth + xx] = clip8(ss);
                }
            }
            int[] plane = new int[newWidth * newHeight];
            for (int yy = 0; yy < newHeight; yy++) {
                int min = vertical.min[yy];
                for (int xx = 0; xx < newWidth; xx++) {
                    int ss = 1 << (PRECISION_BITS - 1);
                    for (int y = 0; y < vertical.count[yy]; y++) {
                        ss += temp[(y + min) * newWidth + xx] * vertical.k[yy * vertical.size + y];
                    }
                    plane[yy * newWidth + xx] = clip8(ss);
                }
            }
            out[c] = plane;
        }
        return out;
    }

    private static int clip8(int ss) {
        return Math.max(0, Math.min(255, ss >> PRECISION_BITS));
    }

    private record Taps(int size, int[] min, int[] count, int[] k) {
    }

    private static Taps taps(int inSize, int outSize) {
        double scale = (double) (float) inSize / outSize;
        double filterScale = Math.max(1.0, scale);
        double support = filterScale;            // bilinear support 1.0, widened when shrinking
        int size = (int) Math.ceil(support) * 2 + 1;
        double invFilterScale = 1.0 / filterScale;
        int[] min = new int[outSize];
        int[] count = new int[outSize];
        int[] k = new int[outSize * size];
        double[] w = new double[size];
        for (int xx = 0; xx < outSize; xx++) {
            double center = (xx + 0.5) * scale;
            int xmin = Math.max(0, (int) (center - support + 0.5));
            int xmax = Math.min(inSize, (int) (center + support + 0.5)) - xmin;
            double sum = 0.0;
            for (int x = 0; x < xmax; x++) {
                w[x] = triangle((x + xmin - center + 0.5) * invFilterScale);
                sum += w[x];
            }
            for (int x = 0; x < xmax; x++) {
                double v = sum != 0.0 ? w[x] / sum : w[x];
                k[xx * size + x] = v < 0 ? (int) (-0.5 + v * (1 << PRECISION_BITS)) : (int) (0.5 + v * (1 << PRECISION_BITS));
            }
            min[xx] = xmin;
            count[xx] = xmax;
        }
        return new Taps(size, min, count, k);
    }

    private static double triangle(double x) {
        double a = Math.abs(x);
        return a < 1.0 ? 1.0 - a : 0.0;
    }
}
