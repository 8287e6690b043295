package io.editstream.cueextractor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Estimates the background colours of a scene from a thin ring along its border: border pixels are
 * binned coarsely (32 levels per channel step), the most common bins are kept until they cover 80% of
 * the ring (at most six, each at least 2% of it), and each kept bin contributes the mean colour of its
 * pixels. Objects rarely fill the border, so what dominates it is wall, table or floor.
 */
final class BorderPalette {
    private static final int MAX_COLOURS = 6;
    private static final double COVERAGE = 0.80;
    private static final double MIN_SHARE = 0.02;

    private BorderPalette() {
    }

    /** Background colours as {r, g, b} in 0-255; never empty for a non-empty image. */
    static List<int[]> dominantColours(int[] rgb, int width, int height) {
        int ring = Math.max(1, Math.min(width, height) / 32);
        long[] count = new long[512];
        long[][] sums = new long[512][3];
        long total = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                boolean onBorder = x < ring || y < ring || x >= width - ring || y >= height - ring;
                if (!onBorder) {
                    continue;
                }
                int p = rgb[y * width + x];
                int r = (p >> 16) & 0xff;
                int g = (p >> 8) & 0xff;
                int b = p & 0xff;
                int bin = (r >> 5) << 6 | (g >> 5) << 3 | (b >> 5);
                count[bin]++;
                sums[bin][0] += r;
                sums[bin][1] += g;
                sums[bin][2] += b;
                total++;
            }
        }
        List<Integer> bins = new ArrayList<>();
        for (int bin = 0; bin < count.length; bin++) {
            if (count[bin] > 0) {
                bins.add(bin);
            }
        }
        bins.sort(Comparator.comparingLong((Integer bin) -> -count[bin]).thenComparingInt(bin -> bin));
        List<int[]> colours = new ArrayList<>();
        long covered = 0;
        for (int bin : bins) {
            boolean first = colours.isEmpty();
            if (!first && (covered >= COVERAGE * total || colours.size() == MAX_COLOURS
                    || count[bin] < MIN_SHARE * total)) {
                break;
            }
            colours.add(new int[] {
                (int) Math.round((double) sums[bin][0] / count[bin]),
                (int) Math.round((double) sums[bin][1] / count[bin]),
                (int) Math.round((double) sums[bin][2] / count[bin])});
            covered += count[bin];
        }
        return colours;
    }

    /** Squared RGB distance from {@code pixel} to the nearest of {@code colours}. */
    static double minSquaredDistance(int pixel, List<int[]> colours) {
        int r = (pixel >> 16) & 0xff;
        int g = (pixel >> 8) & 0xff;
        int b = pixel & 0xff;
        double best = Double.MAX_VALUE;
        for (int[] c : colours) {
            double dr = r - c[0];
            double dg = g - c[1];
            double db = b - c[2];
            best = Math.min(best, dr * dr + dg * dg + db * db);
        }
        return best;
    }
}
