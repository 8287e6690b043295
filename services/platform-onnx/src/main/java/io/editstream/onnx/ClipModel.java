package io.editstream.onnx;

import java.awt.image.BufferedImage;
import java.util.Map;

/**
 * The two encoders of a {@code clip} bundle behind one object: an image becomes patch tokens [1, P, D]
 * and a pooled embedding [D]; a text becomes a pooled embedding [D] (both L2-normalised by the model).
 * Used by the cue extractor (patch and textual cues) and the scorer (CLIP-T, CLIP-I).
 */
public record ClipModel(ModelBundle bundle, OnnxModel imageEncoder, OnnxModel textEncoder, WordTokenizer tokenizer,
                        int textTokens) implements ClipEncoder {

    /** What the image encoder says of one image. */
    public record ImageEncoding(FloatTensor patchTokens, float[] embedding) {
    }

    /** Loads both encoders; closes what was opened if either fails. */
    public static ClipModel load(ModelBundle clip, Device device) {
        OnnxModel image = null;
        try {
            image = OnnxModel.load(clip.file("image_encoder"), device);
            OnnxModel text = OnnxModel.load(clip.file("text_encoder"), device);
            try {
                return new ClipModel(clip, image, text, clip.tokenizer(), clip.textTokens(text, "text encoder"));
            } catch (RuntimeException e) {
                text.close();
                throw e;
            }
        } catch (RuntimeException e) {
            if (image != null) {
                image.close();
            }
            throw e;
        }
    }

    @Override
    public ImageEncoding encodeImage(BufferedImage image) {
        FloatTensor pixels = ImageTensors.toNormalizedChw(image, bundle.imageSize(), bundle.mean(), bundle.std());
        Map<String, FloatTensor> out = imageEncoder.run(Map.of("pixel_values", pixels));
        return new ImageEncoding(out.get("patch_tokens"), out.get("image_embeds").data());
    }

    @Override
    public float[] encodeText(String text) {
        LongTensor ids = tokenizer.encode(text, textTokens);
        return textEncoder.run(Map.of("input_ids", ids, "attention_mask", tokenizer.attentionMask(ids)))
                .get("text_embeds").data();
    }

    @Override
    public String provider() {
        return imageEncoder.provider();
    }

    @Override
    public void close() {
        try {
            textEncoder.close();
        } finally {
            imageEncoder.close();
        }
    }
}
