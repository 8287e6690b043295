package io.editstream.scorer;

import io.editstream.onnx.ClipEncoder;
import io.editstream.onnx.Device;
import io.editstream.onnx.ModelBundle;
import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores one edit with pixel metrics and a CLIP encoder: the project's {@code clip} bundle or a Hugging Face CLIP
 * export ({@code clip-hf}, see {@link ClipEncoder}). For the output image:
 * {@code l1_to_source} and {@code l2_to_source} (how much changed), {@code clip_t} (cosine of the image
 * embedding and the explicit instruction's text embedding) and, when a reference image is known,
 * {@code l1}, {@code l2} and {@code clip_i} against it, plus {@code dino} (cosine of DINO CLS embeddings)
 * when a DINO bundle is configured. The same metrics are computed for the
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

    private final ClipEncoder clip;
    private final DinoModel dino;

    private Scorer(ClipEncoder clip, DinoModel dino) {
        this.clip = clip;
        this.dino = dino;
    }

    /** Loads both encoders of a {@code clip} or {@code clip-hf} bundle. */
    public static Scorer load(ModelBundle clip, Device device) {
        return load(clip, null, device);
    }

    /** As {@link #load(ModelBundle, Device)}, plus the DINO encoder when {@code dino} is not null. */
    public static Scorer load(ModelBundle clip, ModelBundle dino, Device device) {
        ClipEncoder clipModel = ClipEncoder.load(clip, device);
        try {
            return new Scorer(clipModel, dino == null ? null : DinoModel.load(dino, device));
        } catch (RuntimeException e) {
            clipModel.close();
            throw e;
        }
    }

    /**
     * @param reference the ground-truth edit, or null when the request has none
     * @param targetText what CLIP-T measures against: the explicit instruction or a target caption
     */
    public Scores score(BufferedImage source, BufferedImage output, BufferedImage reference, String targetText) {
        float[] text = textEmbedding(targetText);
        float[] sourceEmbed = imageEmbedding(source);
        float[] outputEmbed = imageEmbedding(output);
        float[] referenceEmbed = reference == null ? null : imageEmbedding(reference);
        Map<String, Double> out = metrics(output, outputEmbed, source, text, reference, referenceEmbed);
        Map<String, Double> copy = metrics(source, sourceEmbed, source, text, reference, referenceEmbed);
        if (dino != null && reference != null) {
            float[] referenceDino = dino.embed(reference);
            out.put("dino", ImageMetrics.cosine(dino.embed(output), referenceDino));
            copy.put("dino", ImageMetrics.cosine(dino.embed(source), referenceDino));
        }
        return new Scores(out, copy);
    }

    /** Whether a DINO bundle is loaded (the {@code dino} score is then given with every reference). */
    public boolean hasDino() {
        return dino != null;
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
        return clip.encodeImage(image).embedding();
    }

    float[] textEmbedding(String text) {
        return clip.encodeText(text);
    }

    public String modelId() {
        return clip.modelId();
    }

    public String modelVersion() {
        return dino == null ? clip.modelVersion() : clip.modelVersion() + "+" + dino.modelId();
    }

    public String provider() {
        return clip.provider();
    }

    /** What the start-up log says of the encoders: bundle kinds, graphs, preprocessing. */
    public String describe() {
        return clip.describe() + (dino == null ? "" : "; " + dino.describe());
    }

    @Override
    public void close() {
        clip.close();
        if (dino != null) {
            dino.close();
        }
    }
}
