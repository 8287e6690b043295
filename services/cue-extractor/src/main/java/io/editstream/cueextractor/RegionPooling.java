package io.editstream.cueextractor;

import io.editstream.events.Region;

/**
 * Mask pooling of patch tokens into a region embedding, as in ReasonBrain's region sub-branch. The P
 * patch tokens form a square grid over the whole image (the encoder sees the image resized to a square,
 * so grid cells map to equal fractions of width and height); a region takes the mean of the tokens whose
 * cell centre falls inside its box, or the token of the cell under the box centre when no centre does.
 */
final class RegionPooling {

    private RegionPooling() {
    }

    /**
     * @param tokens row-major [P, D] patch tokens (batch dimension already dropped)
     * @return the pooled [D] embedding
     */
    static float[] pool(float[] tokens, int patchCount, int dim, Region region, int imageWidth, int imageHeight) {
        int grid = (int) Math.round(Math.sqrt(patchCount));
        if (grid * grid != patchCount) {
            throw new IllegalArgumentException("patch tokens do not form a square grid: P = " + patchCount);
        }
        double x0 = (double) region.getX() / imageWidth;
        double y0 = (double) region.getY() / imageHeight;
        double x1 = (double) (region.getX() + region.getWidth()) / imageWidth;
        double y1 = (double) (region.getY() + region.getHeight()) / imageHeight;
        float[] sum = new float[dim];
        int members = 0;
        for (int row = 0; row < grid; row++) {
            double cy = (row + 0.5) / grid;
            for (int col = 0; col < grid; col++) {
                double cx = (col + 0.5) / grid;
                if (cx >= x0 && cx < x1 && cy >= y0 && cy < y1) {
                    add(sum, tokens, (row * grid + col) * dim);
                    members++;
                }
            }
        }
        if (members == 0) {
            // the cell under the box centre, or the nearest one when a crop left the box outside the grid
            int col = Math.max(0, Math.min(grid - 1, (int) Math.floor((x0 + x1) / 2 * grid)));
            int row = Math.max(0, Math.min(grid - 1, (int) Math.floor((y0 + y1) / 2 * grid)));
            add(sum, tokens, (row * grid + col) * dim);
            members = 1;
        }
        for (int i = 0; i < dim; i++) {
            sum[i] /= members;
        }
        return sum;
    }

    private static void add(float[] sum, float[] tokens, int offset) {
        for (int i = 0; i < sum.length; i++) {
            sum[i] += tokens[offset + i];
        }
    }
}
