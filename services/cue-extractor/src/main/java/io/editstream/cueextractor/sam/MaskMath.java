package io.editstream.cueextractor.sam;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The automatic mask generator's per-mask arithmetic, restated from segment-anything's {@code utils/amg.py}
 * and torchvision's {@code nms}: stability score, mask to box, and non-maximum suppression.
 */
public final class MaskMath {

    private MaskMath() {
    }

    /** Pixels with logit above {@code threshold + offset} and above {@code threshold - offset}, of one plane. */
    public static int[] stabilityCounts(float[] logits, int offset, int length, float threshold, float shift) {
        float high = threshold + shift;
        float low = threshold - shift;
        int intersections = 0;
        int unions = 0;
        for (int i = offset; i < offset + length; i++) {
            intersections += logits[i] > high ? 1 : 0;
            unions += logits[i] > low ? 1 : 0;
        }
        return new int[] {intersections, unions};
    }

    /** calculate_stability_score: the IoU of the two cut-offs' masks (the high one lies inside the low one), float32. */
    public static float stabilityScore(int intersections, int unions) {
        return (float) intersections / (float) unions;
    }

    /**
     * batched_mask_to_box for one mask: {x0, y0, x1, y1} of its set pixels, inclusive pixel indices;
     * {0, 0, 0, 0} for an empty mask.
     */
    public static int[] box(boolean[] mask, int width, int height) {
        int x0 = width;
        int y0 = height;
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (mask[y * width + x]) {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                }
            }
        }
        return x1 < 0 ? new int[4] : new int[] {x0, y0, x1, y1};
    }

    /**
     * Greedy NMS as torchvision's: boxes by score, highest first (ties keep input order), each kept box
     * suppresses the later ones whose IoU with it is above {@code threshold}; IoU in float32 on the XYXY
     * coordinates taken as continuous (so a box {x, y, x, y} has area 0). Returns the kept indices, by score.
     */
    public static List<Integer> nms(List<int[]> boxes, float[] scores, double threshold) {
        int n = boxes.size();
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -scores[i]));
        float[] areas = new float[n];
        for (int i = 0; i < n; i++) {
            int[] b = boxes.get(i);
            areas[i] = (float) (b[2] - b[0]) * (float) (b[3] - b[1]);
        }
        boolean[] suppressed = new boolean[n];
        List<Integer> keep = new ArrayList<>();
        for (int a = 0; a < n; a++) {
            int i = order[a];
            if (suppressed[i]) {
                continue;
            }
            keep.add(i);
            int[] bi = boxes.get(i);
            for (int c = a + 1; c < n; c++) {
                int j = order[c];
                if (suppressed[j]) {
                    continue;
                }
                int[] bj = boxes.get(j);
                float w = Math.max(0f, (float) Math.min(bi[2], bj[2]) - (float) Math.max(bi[0], bj[0]));
                float h = Math.max(0f, (float) Math.min(bi[3], bj[3]) - (float) Math.max(bi[1], bj[1]));
                float inter = w * h;
                float iou = inter / (areas[i] + areas[j] - inter);
                if (iou > threshold) {
                    suppressed[j] = true;
                }
            }
        }
        return keep;
    }
}
