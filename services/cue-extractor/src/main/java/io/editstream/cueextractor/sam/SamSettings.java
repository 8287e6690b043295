package io.editstream.cueextractor.sam;

import com.fasterxml.jackson.databind.JsonNode;
import io.editstream.onnx.BundleException;
import io.editstream.onnx.ModelBundle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A SAM bundle's manifest: preprocessing constants and the automatic mask generator's settings, each
 * defaulting to segment-anything's (SamAutomaticMaskGenerator, Sam.pixel_mean / pixel_std).
 *
 * @param longSide             encoder input side (ResizeLongestSide target), {@code imageSize}
 * @param mean                 pixel_mean on the 0..255 scale, RGB
 * @param std                  pixel_std on the 0..255 scale, RGB
 * @param maskThreshold        mask logit cut-off (Sam.mask_threshold)
 * @param pointsPerSide        point grid side (points_per_side)
 * @param predIouThresh        keep masks whose predicted IoU is above this (pred_iou_thresh)
 * @param stabilityScoreThresh keep masks whose stability score is at least this (stability_score_thresh)
 * @param stabilityScoreOffset logit offset of the stability score (stability_score_offset)
 * @param boxNmsThresh         box IoU above which NMS drops the lower-scored mask (box_nms_thresh)
 */
public record SamSettings(int longSide, float[] mean, float[] std, float maskThreshold, int pointsPerSide,
                          float predIouThresh, float stabilityScoreThresh, float stabilityScoreOffset, double boxNmsThresh) {

    public static final String KIND = "sam";
    static final String LAYOUT = "bundle.json {\"name\", \"version\", \"kind\": \"sam\", \"files\": {\"encoder\": "
            + "\"encoder.onnx\", \"decoder\": \"decoder.onnx\"}} next to an image encoder and a prompt decoder export "
            + "(see models/README.md, section sam/)";

    /** Loads and checks the manifest of the SAM bundle in {@code dir}; both graphs must exist. */
    public static ModelBundle bundle(Path dir) {
        if (dir == null || !Files.isRegularFile(dir.resolve(ModelBundle.MANIFEST))) {
            throw new BundleException("SAM bundle " + dir + " has no " + ModelBundle.MANIFEST + "; expected " + LAYOUT);
        }
        ModelBundle bundle = ModelBundle.load(dir);
        if (!KIND.equals(bundle.kind())) {
            throw new BundleException("model bundle " + bundle.dir() + " is of kind '" + bundle.kind()
                    + "', not 'sam'; expected " + LAYOUT);
        }
        bundle.file("encoder");
        bundle.file("decoder");
        return bundle;
    }

    public static SamSettings from(ModelBundle bundle) {
        JsonNode m = bundle.manifest();
        float[] mean = m.has("mean") ? bundle.mean() : new float[] {123.675f, 116.28f, 103.53f};
        float[] std = m.has("std") ? bundle.std() : new float[] {58.395f, 57.12f, 57.375f};
        SamSettings s = new SamSettings(m.path("imageSize").asInt(1024), mean, std,
                (float) m.path("maskThreshold").asDouble(0.0), m.path("pointsPerSide").asInt(32),
                (float) m.path("predIouThresh").asDouble(0.88), (float) m.path("stabilityScoreThresh").asDouble(0.95),
                (float) m.path("stabilityScoreOffset").asDouble(1.0), m.path("boxNmsThresh").asDouble(0.7));
        if (s.longSide < 1 || s.pointsPerSide < 1 || s.boxNmsThresh <= 0 || s.boxNmsThresh > 1) {
            throw new BundleException("SAM bundle " + bundle.dir() + ": " + ModelBundle.MANIFEST
                    + " needs a positive imageSize and pointsPerSide and a boxNmsThresh in (0, 1]: " + s);
        }
        return s;
    }

    @Override
    public String toString() {
        return "imageSize " + longSide + ", " + pointsPerSide + "x" + pointsPerSide + " points, predIouThresh "
                + predIouThresh + ", stabilityScoreThresh " + stabilityScoreThresh + " (offset " + stabilityScoreOffset
                + "), boxNmsThresh " + boxNmsThresh;
    }
}
