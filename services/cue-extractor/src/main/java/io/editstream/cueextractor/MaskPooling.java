package io.editstream.cueextractor;

/**
 * Mask pooling of patch tokens, weighted by coverage. The P tokens form a g × g grid over the whole image
 * (the encoder sees the image squashed to a square), so pixel (x, y) of a W × H image falls in cell
 * (row ⌊(y + ½)·g / H⌋, column ⌊(x + ½)·g / W⌋). A cell's weight is the share of its pixels inside the mask,
 * and the region cue is the weighted mean of the cell tokens: a mask covering half a cell counts that cell
 * half. Computed in double; restated by {@code models/scripts/sam_reference.py}.
 */
public final class MaskPooling {

    private MaskPooling() {
    }

    /** @param tokens row-major [P, D] patch tokens; P must be a square */
    public static float[] pool(float[] tokens, int patchCount, int dim, RegionMask mask) {
        int grid = (int) Math.round(Math.sqrt(patchCount));
        if (grid * grid != patchCount) {
            throw new IllegalArgumentException("patch tokens do not form a square grid: P = " + patchCount);
        }
        int w = mask.width();
        int h = mask.height();
        long[] total = new long[patchCount];
        long[] inside = new long[patchCount];
        for (int y = 0; y < h; y++) {
            int row = (int) ((2L * y + 1) * grid / (2L * h));
            for (int x = 0; x < w; x++) {
                int cell = row * grid + (int) ((2L * x + 1) * grid / (2L * w));
                total[cell]++;
                if (mask.get(x, y)) {
                    inside[cell]++;
                }
            }
        }
        double[] sum = new double[dim];
        double weights = 0;
        for (int cell = 0; cell < patchCount; cell++) {
            if (inside[cell] == 0) {
                continue;
            }
            double coverage = (double) inside[cell] / total[cell];
            weights += coverage;
            for (int d = 0; d < dim; d++) {
                sum[d] += coverage * tokens[cell * dim + d];
            }
        }
        if (weights == 0) {
            throw new IllegalArgumentException("cannot pool an empty mask");
        }
        float[] out = new float[dim];
        for (int d = 0; d < dim; d++) {
            out[d] = (float) (sum[d] / weights);
        }
        return out;
    }
}
