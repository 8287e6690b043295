package io.editstream.cueextractor.sam;

import io.editstream.onnx.BundleException;
import io.editstream.onnx.Device;
import io.editstream.onnx.FloatTensor;
import io.editstream.onnx.ModelBundle;
import io.editstream.onnx.OnnxModel;
import java.util.Map;

/**
 * The two graphs of a SAM bundle. The prompt decoder takes one prompt per call (its batch axis is fixed at 1;
 * only the number of points in the prompt is dynamic), so the automatic mask generator calls it once per grid
 * point with that point (label 1) plus the padding point (0, 0) with label -1, as SamPredictor and
 * segment-anything's ONNX example do for a prompt without a box; no mask input.
 */
public record SamModel(ModelBundle bundle, SamSettings settings, OnnxModel encoder, OnnxModel decoder, boolean hwcEncoder,
                       long[] maskInputShape) implements AutoCloseable {

    /** One decoder call's masks at the original size: {@code count} logit planes of {@code height × width}. */
    public record Decoded(float[] logits, int count, int height, int width, float[] iou) {
    }

    public static SamModel load(ModelBundle bundle, Device device) {
        SamSettings settings = SamSettings.from(bundle);
        OnnxModel encoder = OnnxModel.load(bundle.file("encoder"), device);
        OnnxModel decoder = null;
        try {
            decoder = OnnxModel.load(bundle.file("decoder"), device);
            SamGraphs.EncoderInput input = SamGraphs.check(encoder, decoder);
            long side = input.side();
            if (side > 0 && side != settings.longSide()) {
                throw new BundleException("SAM bundle " + bundle.dir() + ": " + encoder.file() + " takes " + side + "x" + side
                        + " images but bundle.json says imageSize " + settings.longSide());
            }
            return new SamModel(bundle, settings, encoder, decoder, input.hwc(), maskInputShape(decoder));
        } catch (RuntimeException e) {
            encoder.close();
            if (decoder != null) {
                decoder.close();
            }
            throw e;
        }
    }

    /** The empty mask_input's shape: the decoder's declared one, else 4× the embeddings' side (SAM's low-res mask). */
    private static long[] maskInputShape(OnnxModel decoder) {
        long[] embeddings = decoder.inputShapes().get("image_embeddings");
        long[] declared = decoder.inputShapes().get("mask_input");
        long side = declared[2] > 0 ? declared[2] : 4 * Math.max(1, embeddings[2]);
        return new long[] {1, 1, side, declared[3] > 0 ? declared[3] : side};
    }

    public String provider() {
        return encoder.provider();
    }

    /** Whether the encoder normalises and pads itself (samexporter's --use-preprocess export). */
    public boolean encoderPreprocesses() {
        return hwcEncoder;
    }

    /** image_embeddings of a prepared image: its [1, 3, S, S] tensor, or the resized HWC pixels for a self-preprocessing encoder. */
    public FloatTensor encode(SamPreprocessor.Prepared prepared) {
        FloatTensor input = hwcEncoder ? SamPreprocessor.hwc(prepared) : prepared.pixels();
        return encoder.run(Map.of("input_image", input)).get("image_embeddings");
    }

    /** Masks for one foreground point (x, y) in the resized frame, upscaled to {@code height × width}. */
    public Decoded decode(FloatTensor embeddings, float x, float y, int height, int width) {
        Map<String, FloatTensor> out = decoder.run(Map.of(
                "image_embeddings", embeddings,
                "point_coords", new FloatTensor(new long[] {1, 2, 2}, new float[] {x, y, 0f, 0f}),
                "point_labels", new FloatTensor(new long[] {1, 2}, new float[] {1f, -1f}),
                "mask_input", new FloatTensor(maskInputShape, new float[(int) (maskInputShape[2] * maskInputShape[3])]),
                "has_mask_input", new FloatTensor(new long[] {1}, new float[] {0f}),
                "orig_im_size", new FloatTensor(new long[] {2}, new float[] {height, width})));
        FloatTensor masks = out.get("masks");
        FloatTensor iou = out.get("iou_predictions");
        if (masks.dim(2) != height || masks.dim(3) != width || iou.dim(1) != masks.dim(1)) {
            throw new IllegalStateException(decoder.file() + " returned masks " + masks + " and iou_predictions " + iou
                    + " for a " + width + "x" + height + " image");
        }
        return new Decoded(masks.data(), masks.dim(1), height, width, iou.data());
    }

    @Override
    public void close() {
        encoder.close();
        decoder.close();
    }
}
