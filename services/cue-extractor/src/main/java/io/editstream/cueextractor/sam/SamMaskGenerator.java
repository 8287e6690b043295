package io.editstream.cueextractor.sam;

import io.editstream.onnx.FloatTensor;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * SAM's automatic mask generator (SamAutomaticMaskGenerator with crop_n_layers = 0, min_mask_region_area = 0):
 * one image embedding, a pointsPerSide² grid of single-point prompts, the three multimask outputs of each
 * (masks 1..3 of a 4-mask export; the only one of a single-mask export), then the filters in SAM's order —
 * predicted IoU > predIouThresh, stability score ≥ stabilityScoreThresh, logits > maskThreshold, boxes —
 * and box NMS over all survivors, highest predicted IoU first. Masks are not kept for the whole grid (a
 * photo's would not fit in memory): the kept ones are decoded again, which gives the same logits.
 * Multi-crop layers and small-region clean-up (OpenCV) are not done.
 */
public final class SamMaskGenerator {

    /** One decoder output mask and SAM's numbers for it; {@code box} is {x0, y0, x1, y1}, inclusive. */
    public record Candidate(int point, int maskIndex, float iou, int intersections, int unions, float stability,
                            boolean passesIou, boolean passesStability, int[] box, int area) {
    }

    /** All candidates in grid order, the kept ones (indices into candidates, by score) and their masks. */
    public record Result(List<Candidate> candidates, List<Integer> keep, List<boolean[]> masks, int width, int height,
                         long decoderCalls) {
    }

    private final SamModel model;
    private final SamPreprocessor preprocessor;

    public SamMaskGenerator(SamModel model) {
        this.model = model;
        SamSettings s = model.settings();
        this.preprocessor = new SamPreprocessor(s.longSide(), s.mean(), s.std());
    }

    public SamPreprocessor preprocessor() {
        return preprocessor;
    }

    /** Transformed grid points {x, y} for an image: build_point_grid scaled to it, then apply_coords. */
    public static double[][] promptPoints(int pointsPerSide, int width, int height, int longSide) {
        double[][] points = PointGrid.forImage(pointsPerSide, width, height);
        for (int i = 0; i < points.length; i++) {
            points[i] = SamPreprocessor.applyCoords(points[i][0], points[i][1], width, height, longSide);
        }
        return points;
    }

    /** Generates masks, keeping at most {@code maxMasks} of the NMS survivors (their masks are decoded again). */
    public Result generate(BufferedImage image, int maxMasks) {
        SamSettings s = model.settings();
        int w = image.getWidth();
        int h = image.getHeight();
        FloatTensor embeddings = model.encode(preprocessor.prepare(image));
        double[][] points = promptPoints(s.pointsPerSide(), w, h, s.longSide());
        List<Candidate> candidates = new ArrayList<>();
        List<Integer> survivors = new ArrayList<>();
        for (int p = 0; p < points.length; p++) {
            SamModel.Decoded out = model.decode(embeddings, (float) points[p][0], (float) points[p][1], h, w);
            for (int k = first(out.count()); k < out.count(); k++) {
                Candidate c = candidate(out, p, k, s);
                if (c.passesStability()) {
                    survivors.add(candidates.size());
                }
                candidates.add(c);
            }
        }
        List<int[]> boxes = new ArrayList<>();
        float[] scores = new float[survivors.size()];
        for (int i = 0; i < survivors.size(); i++) {
            boxes.add(candidates.get(survivors.get(i)).box());
            scores[i] = candidates.get(survivors.get(i)).iou();
        }
        List<Integer> keep = new ArrayList<>();
        for (int i : MaskMath.nms(boxes, scores, s.boxNmsThresh())) {
            keep.add(survivors.get(i));
        }
        List<boolean[]> masks = new ArrayList<>();
        for (int index : keep.subList(0, Math.min(maxMasks, keep.size()))) {
            Candidate c = candidates.get(index);
            SamModel.Decoded out = model.decode(embeddings, (float) points[c.point()][0], (float) points[c.point()][1], h, w);
            masks.add(threshold(out, c.maskIndex(), s.maskThreshold()));
        }
        return new Result(candidates, keep, masks, w, h, points.length + masks.size());
    }

    /** Multimask outputs: a 4-mask export's first mask is the single-mask token, skipped as SAM does. */
    private static int first(int count) {
        return count == 4 ? 1 : 0;
    }

    private static Candidate candidate(SamModel.Decoded out, int point, int k, SamSettings s) {
        int plane = out.height() * out.width();
        float iou = out.iou()[k];
        boolean passesIou = iou > s.predIouThresh();
        int[] counts = MaskMath.stabilityCounts(out.logits(), k * plane, plane, s.maskThreshold(), s.stabilityScoreOffset());
        float stability = MaskMath.stabilityScore(counts[0], counts[1]);
        boolean passesStability = passesIou && stability >= s.stabilityScoreThresh();
        int[] box = new int[4];
        int area = 0;
        if (passesStability) {
            boolean[] mask = threshold(out, k, s.maskThreshold());
            box = MaskMath.box(mask, out.width(), out.height());
            for (boolean b : mask) {
                area += b ? 1 : 0;
            }
        }
        return new Candidate(point, k, iou, counts[0], counts[1], stability, passesIou, passesStability, box, area);
    }

    private static boolean[] threshold(SamModel.Decoded out, int k, float threshold) {
        int plane = out.height() * out.width();
        boolean[] mask = new boolean[plane];
        for (int i = 0; i < plane; i++) {
            mask[i] = out.logits()[k * plane + i] > threshold;
        }
        return mask;
    }
}
