package io.editstream.cueextractor.sam;

/**
 * SAM's build_point_grid: n × n points evenly spaced in [0,1]², at 1/(2n) from the borders, row-major with
 * x varying fastest (numpy's linspace: start + i·step, the last point exactly at the end).
 */
public final class PointGrid {

    private PointGrid() {
    }

    /** {x, y} pairs in [0,1], n² of them. */
    public static double[][] unit(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("pointsPerSide must be at least 1, got " + n);
        }
        double offset = 1.0 / (2 * n);
        double[] side = linspace(offset, 1 - offset, n);
        double[][] points = new double[n * n][];
        for (int row = 0; row < n; row++) {
            for (int col = 0; col < n; col++) {
                points[row * n + col] = new double[] {side[col], side[row]};
            }
        }
        return points;
    }

    /** The grid over a {@code width × height} image, in pixels (x by width, y by height). */
    public static double[][] forImage(int n, int width, int height) {
        double[][] points = unit(n);
        for (double[] p : points) {
            p[0] *= width;
            p[1] *= height;
        }
        return points;
    }

    static double[] linspace(double start, double stop, int num) {
        double[] out = new double[num];
        if (num == 1) {
            out[0] = start;
            return out;
        }
        double step = (stop - start) / (num - 1);
        for (int i = 0; i < num; i++) {
            out[i] = i * step + start;
        }
        out[num - 1] = stop;
        return out;
    }
}
