package io.editstream.scorer;

import io.editstream.onnx.BundleException;
import io.editstream.onnx.Device;
import io.editstream.onnx.FloatTensor;
import io.editstream.onnx.ImageTensors;
import io.editstream.onnx.LongTensor;
import io.editstream.onnx.ModelBundle;
import io.editstream.onnx.OnnxModel;
import io.editstream.onnx.WordTokenizer;
import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores one edit with pixel metrics and the {@code clip} bundle. For the output image:
 * {@code l1_to_source} and {@code l2_to_source} (how much changed), {@code clip_t} (cosine of the image
 * embedding and the explicit instruction's text embedding) and, when a reference image is known,
 * {@code l1}, {@code l2} and {@code clip_i} against it. The same metrics are computed for the
 * copy-the-input baseline, the source standing in for the output, so every score can be read against
 * what doing nothing would have earned.
 */
public final class Scorer implements AutoCloseable {

    /** Metric name → value for the output and for the copy-the-input baseline. */
    public record Scores(Map<String, Double> output, Map<String, Double> copyBaseline) {
        public Scores {
            output = Map.copyOf(output);
            copyBaseline = Map.copyOf(copyBaseline);
        }
    }

    private final ModelBundle bundle;
    private final OnnxModel imageEncoder;
    private final OnnxModel textEncoder;
    private final WordTokenizer tokenizer;
    private final int textTokens;

    private Scorer(ModelBundle bundle, OnnxModel imageEncoder, OnnxModel textEncoder) {
        this.bundle = bundle;
        this.imageEncoder = imageEncoder;
        this.textEncoder = textEncoder;
        this.tokenizer = bundle.tokenizer();
        this.textTokens = textTokens(textEncoder, bundle);
    }

    /** Loads both encoders of the {@code clip} bundle; closes what was opened if either fails. */
    public static Scorer load(ModelBundle clip, Device device) {
        OnnxModel image = null;
        OnnxModel text = null;
        try {
            image = OnnxModel.load(clip.file("image_encoder"), device);
            text = OnnxModel.load(clip.file("text_encoder"), device);
            return new Scorer(clip, image, text);
        } catch (RuntimeException e) {
            closeAll(text, image);
            throw e;
        }
    }

    /** @param reference the ground-truth edit, or null when the request has none */
    public Scores score(BufferedImage source, BufferedImage output, BufferedImage reference, String explicitInstruction) {
        float[] text = textEmbedding(explicitInstruction);
        float[] sourceEmbed = imageEmbedding(source);
        float[] outputEmbed = imageEmbedding(output);
        float[] referenceEmbed = reference == null ? null : imageEmbedding(reference);
        return new Scores(metrics(output, outputEmbed, source, text, reference, referenceEmbed),
                metrics(source, sourceEmbed, source, text, reference, referenceEmbed));
    }

    private static Map<String, Double> metrics(BufferedImage candidate, float[] candidateEmbed, BufferedImage source,
                                               float[] text, BufferedImage reference, float[] referenceEmbed) {
        Map<String, Double> m = new TreeMap<>();
        m.put("l1_to_source", ImageMetrics.l1(candidate, source));
        m.put("l2_to_source", ImageMetrics.l2(candidate, source));
        m.put("clip_t", ImageMetrics.cosine(candidateEmbed, text));
        if (reference != null) {
            m.put("l1", ImageMetrics.l1(candidate, reference));
            m.put("l2", ImageMetrics.l2(candidate, reference));
            m.put("clip_i", ImageMetrics.cosine(candidateEmbed, referenceEmbed));
        }
        return m;
    }

    float[] imageEmbedding(BufferedImage image) {
        FloatTensor pixels = ImageTensors.toNormalizedChw(image, bundle.imageSize(), bundle.mean(), bundle.std());
        return imageEncoder.run(Map.of("pixel_values", pixels)).get("image_embeds").data();
    }

    float[] textEmbedding(String text) {
        LongTensor ids = tokenizer.encode(text, textTokens);
        return textEncoder.run(Map.of("input_ids", ids, "attention_mask", tokenizer.attentionMask(ids)))
                .get("text_embeds").data();
    }

    /** T of input_ids [B, T]: from the model when fixed, else the manifest's "maxTokens". */
    private static int textTokens(OnnxModel textEncoder, ModelBundle bundle) {
        long[] shape = textEncoder.inputShapes().get("input_ids");
        if (shape != null && shape.length == 2 && shape[1] > 0) {
            return (int) shape[1];
        }
        int fromManifest = bundle.manifest().path("maxTokens").asInt(0);
        if (fromManifest < 1) {
            throw new BundleException("bundle " + bundle.name() + ": text encoder input_ids has a dynamic length and "
                    + "bundle.json has no positive \"maxTokens\"");
        }
        return fromManifest;
    }

    public String modelId() {
        return bundle.name();
    }

    public String modelVersion() {
        return bundle.version();
    }

    public String provider() {
        return imageEncoder.provider();
    }

    /** Closes each non-null model, even when an earlier one fails to close. */
    private static void closeAll(OnnxModel first, OnnxModel second) {
        try {
            if (first != null) {
                first.close();
            }
        } finally {
            if (second != null) {
                second.close();
            }
        }
    }

    @Override
    public void close() {
        closeAll(textEncoder, imageEncoder);
    }
}
