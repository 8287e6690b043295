package io.editstream.cueextractor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Colour-homogeneous connected components over a labelled pixel grid, for {@link RegionFinder}.
 * Growing is breadth-first in raster order from each unlabelled seed, comparing a candidate with the
 * running mean of the component, so the result depends only on the image. Fragments below the speck
 * size are then folded into the adjacent large component they share most edges with: anti-aliased edge
 * pixels belong to the object they outline, and their colour is left out of its mean.
 */
final class Components {
    static final int BACKGROUND = -2;
    static final int UNLABELLED = -1;

    private final int[] rgb;
    private final int[] labels;
    private final int width;
    private final int height;

    /** Statistics of one component: bounding box, pixel count, colour sums of its core pixels. */
    static final class Blob {
        final List<Integer> pixels = new ArrayList<>();
        int minX = Integer.MAX_VALUE;
        int minY = Integer.MAX_VALUE;
        int maxX = -1;
        int maxY = -1;
        long count;
        long coreCount;
        long sumR;
        long sumG;
        long sumB;

        void add(int x, int y, int pixel) {
            extend(x, y);
            coreCount++;
            sumR += (pixel >> 16) & 0xff;
            sumG += (pixel >> 8) & 0xff;
            sumB += pixel & 0xff;
        }

        void extend(int x, int y) {
            minX = Math.min(minX, x);
            minY = Math.min(minY, y);
            maxX = Math.max(maxX, x);
            maxY = Math.max(maxY, y);
            count++;
        }

        double squaredDistance(int pixel) {
            double dr = ((pixel >> 16) & 0xff) - (double) sumR / coreCount;
            double dg = ((pixel >> 8) & 0xff) - (double) sumG / coreCount;
            double db = (pixel & 0xff) - (double) sumB / coreCount;
            return dr * dr + dg * dg + db * db;
        }
    }

    Components(int[] rgb, int[] labels, int width, int height) {
        this.rgb = rgb;
        this.labels = labels;
        this.width = width;
        this.height = height;
    }

    /** Components of at least {@code minPixels}, after small fragments were merged or dropped. */
    List<Blob> grow(double spread, long minPixels) {
        List<Blob> blobs = new ArrayList<>();
        int[] queue = new int[rgb.length];
        double limit = spread * spread;
        for (int seed = 0; seed < rgb.length; seed++) {
            if (labels[seed] != UNLABELLED) {
                continue;
            }
            Blob blob = new Blob();
            int id = blobs.size();
            blobs.add(blob);
            int head = 0;
            int tail = 0;
            queue[tail++] = seed;
            labels[seed] = id;
            while (head < tail) {
                int p = queue[head++];
                blob.add(p % width, p / width, rgb[p]);
                blob.pixels.add(p);
                for (int n : neighbours(p)) {
                    if (n >= 0 && labels[n] == UNLABELLED && blob.squaredDistance(rgb[n]) <= limit) {
                        labels[n] = id;
                        queue[tail++] = n;
                    }
                }
            }
        }
        List<Blob> large = new ArrayList<>();
        for (Blob blob : blobs) {
            if (blob.count >= minPixels) {
                large.add(blob);
            }
        }
        for (Blob fragment : blobs) {
            if (fragment.count < minPixels) {
                Blob host = nearestAdjacent(fragment, blobs, minPixels);
                if (host != null) {
                    fragment.pixels.forEach(p -> host.extend(p % width, p / width));
                }
            }
        }
        return large;
    }

    /** The large blob sharing the most edges with {@code fragment}; nearest mean colour breaks ties. */
    private Blob nearestAdjacent(Blob fragment, List<Blob> blobs, long minPixels) {
        Map<Integer, Integer> contacts = new TreeMap<>();
        for (int p : fragment.pixels) {
            for (int n : neighbours(p)) {
                if (n >= 0 && labels[n] >= 0 && blobs.get(labels[n]).count >= minPixels) {
                    contacts.merge(labels[n], 1, Integer::sum);
                }
            }
        }
        int firstPixel = fragment.pixels.get(0);
        Blob best = null;
        int bestContacts = 0;
        double bestDistance = Double.MAX_VALUE;
        for (Map.Entry<Integer, Integer> e : contacts.entrySet()) {
            Blob candidate = blobs.get(e.getKey());
            double distance = candidate.squaredDistance(rgb[firstPixel]);
            if (e.getValue() > bestContacts || (e.getValue() == bestContacts && distance < bestDistance)) {
                best = candidate;
                bestContacts = e.getValue();
                bestDistance = distance;
            }
        }
        return best;
    }

    /** The four neighbours of {@code p}, -1 where outside the image. */
    private int[] neighbours(int p) {
        int x = p % width;
        int y = p / width;
        return new int[] {x > 0 ? p - 1 : -1, x < width - 1 ? p + 1 : -1, y > 0 ? p - width : -1,
            y < height - 1 ? p + width : -1};
    }
}
