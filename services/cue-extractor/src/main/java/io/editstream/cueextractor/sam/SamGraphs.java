package io.editstream.cueextractor.sam;

import io.editstream.onnx.BundleException;
import io.editstream.onnx.OnnxModel;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Start-up checks of a SAM bundle's two graphs against Segment Anything's ONNX interface, so a wrong export
 * fails with the file and the expected signature rather than on the first request. Dynamic axes (-1)
 * match anything; float graphs may be float32 or float16 (OnnxModel converts at the border).
 */
public final class SamGraphs {
    public static final String ENCODER = "input_image float[1|B,3,S,S] (normalised, padded) or float[h,w,3] (the resized "
            + "image on 0..255, samexporter --use-preprocess) -> image_embeddings float[1|B,C,E,E] "
            + "(SAM, MobileSAM, SlimSAM: S = 1024, C = 256, E = 64)";
    public static final String DECODER = "image_embeddings float[1,C,E,E], point_coords float[1,N,2], point_labels float[1,N], "
            + "mask_input float[1,1,4E,4E], has_mask_input float[1], orig_im_size float[2] -> masks float[1,M,H,W], "
            + "iou_predictions float[1,M], low_res_masks float[1,M,4E,4E] (segment-anything scripts/export_onnx_model.py)";
    private static final Set<String> FLOATS = Set.of("FLOAT", "FLOAT16");
    private static final Map<String, Integer> DECODER_INPUTS = Map.of("image_embeddings", 4, "point_coords", 3,
            "point_labels", 2, "mask_input", 4, "has_mask_input", 1, "orig_im_size", 1);
    private static final Map<String, Integer> DECODER_OUTPUTS = Map.of("masks", 4, "iou_predictions", 2, "low_res_masks", 4);

    private SamGraphs() {
    }

    /**
     * The encoder's input convention: {@code hwc} for a graph that normalises and pads itself (it takes the
     * resized image as [h, w, 3] on 0..255), else [1, 3, S, S] with {@code side} S (-1 when dynamic).
     */
    public record EncoderInput(boolean hwc, long side) {
    }

    /** Checks both graphs and that they agree. */
    public static EncoderInput check(OnnxModel encoder, OnnxModel decoder) {
        Map<String, long[]> in = encoder.inputShapes();
        long[] image = in.get("input_image");
        long[] embeddings = encoder.outputShapes().get("image_embeddings");
        boolean nchw = image != null && image.length == 4 && fixed(image[1], 3) && fixed(image[0], 1)
                && (image[2] == image[3] || image[2] < 0 || image[3] < 0);
        boolean hwc = image != null && image.length == 3 && fixed(image[2], 3);
        boolean encoderFits = in.size() == 1 && (nchw || hwc) && FLOATS.contains(encoder.inputTypes().get("input_image"))
                && embeddings != null && embeddings.length == 4 && FLOATS.contains(encoder.outputTypes().get("image_embeddings"));
        if (!encoderFits) {
            throw wrong(encoder, ENCODER);
        }
        if (!fits(decoder.inputShapes(), decoder.inputTypes(), DECODER_INPUTS, true)
                || !fits(decoder.outputShapes(), decoder.outputTypes(), DECODER_OUTPUTS, false)
                || !fixedShape(decoder.inputShapes().get("orig_im_size"), 2) || !lastDim(decoder.inputShapes().get("point_coords"), 2)) {
            throw wrong(decoder, DECODER);
        }
        long[] expected = decoder.inputShapes().get("image_embeddings");
        for (int axis = 1; axis < 4; axis++) {
            if (expected[axis] > 0 && embeddings[axis] > 0 && expected[axis] != embeddings[axis]) {
                throw new BundleException("SAM graphs disagree: " + encoder.file() + " gives image_embeddings "
                        + Arrays.toString(embeddings) + " but " + decoder.file() + " takes " + Arrays.toString(expected)
                        + "; signatures: encoder " + ENCODER + "; decoder " + DECODER);
            }
        }
        return new EncoderInput(hwc, hwc ? -1 : image[2] > 0 ? image[2] : image[3]);
    }

    private static boolean fits(Map<String, long[]> shapes, Map<String, String> types, Map<String, Integer> ranks, boolean exact) {
        if (exact && shapes.size() != ranks.size()) {
            return false;
        }
        for (Map.Entry<String, Integer> e : ranks.entrySet()) {
            long[] shape = shapes.get(e.getKey());
            if (shape == null || shape.length != e.getValue() || !FLOATS.contains(types.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean fixed(long dim, long value) {
        return dim < 0 || dim == value;
    }

    private static boolean fixedShape(long[] shape, long... dims) {
        return shape != null && shape.length == dims.length && fixed(shape[0], dims[0]);
    }

    private static boolean lastDim(long[] shape, long value) {
        return shape != null && shape.length > 0 && fixed(shape[shape.length - 1], value);
    }

    private static BundleException wrong(OnnxModel model, String expected) {
        return new BundleException(model.file() + " has the wrong signature for a SAM bundle: expected " + expected
                + "; it takes " + describe(model.inputShapes(), model.inputTypes()) + " and gives "
                + describe(model.outputShapes(), model.outputTypes()));
    }

    private static String describe(Map<String, long[]> shapes, Map<String, String> types) {
        StringBuilder s = new StringBuilder("{");
        for (String name : List.copyOf(shapes.keySet())) {
            s.append(s.length() > 1 ? ", " : "").append(name).append(' ').append(types.get(name)).append(' ')
                    .append(Arrays.toString(shapes.get(name)));
        }
        return s.append('}').toString();
    }
}
