package io.editstream.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The two text encoders of a FLUX pipeline export, as FluxKontextPipeline's {@code encode_prompt} uses them: T5
 * ({@code text_encoder_2}) gives the sequence the transformer attends to, [maxSequenceLength, Dt], and CLIP
 * ({@code text_encoder}) gives only its pooled projection [Dp].
 */
public record FluxTextEncoders(ClipTextEncoder clip, T5TextEncoder t5, int maxSequenceLength) implements AutoCloseable {
    /** One prompt's conditioning: T5 hidden states [L, Dt] and CLIP's pooled projection [Dp]. */
    public record Encoded(FloatTensor sequence, FloatTensor pooled) {
    }

    /** Both encoders of {@code bundle}; T5 encodes bundle.json's maxSequenceLength tokens (512 when absent, as Kontext). */
    public static FluxTextEncoders load(ModelBundle bundle, Device device) {
        int length = bundle.manifest().path("maxSequenceLength").asInt(512);
        ClipTextEncoder clip = ClipTextEncoder.load(bundle, device);
        T5TextEncoder t5 = null;
        try {
            t5 = T5TextEncoder.load(bundle, device);
            checkWidths(bundle, clip, t5);
            return new FluxTextEncoders(clip, t5, length);
        } catch (RuntimeException e) {
            clip.close();
            if (t5 != null) {
                t5.close();
            }
            throw e;
        }
    }

    /** The encoders' widths against the transformer's config.json (joint_attention_dim, pooled_projection_dim), when it has one. */
    private static void checkWidths(ModelBundle bundle, ClipTextEncoder clip, T5TextEncoder t5) {
        Path config = bundle.dir().resolve("transformer").resolve("config.json");
        if (!Files.isRegularFile(config)) {
            return;
        }
        JsonNode transformer;
        try {
            transformer = new ObjectMapper().readTree(config.toFile());
        } catch (IOException e) {
            throw new BundleException("cannot read " + config + " as JSON: " + e.getMessage(), e);
        }
        int joint = transformer.path("joint_attention_dim").asInt(t5.width());
        int pooled = transformer.path("pooled_projection_dim").asInt(clip.width());
        if (t5.width() != joint) {
            throw new BundleException(t5.model().file() + " gives hidden states " + t5.width() + " wide but " + config
                    + " says joint_attention_dim " + joint + "; expected " + T5TextEncoder.SIGNATURE + " with D = " + joint);
        }
        if (clip.width() != pooled) {
            throw new BundleException(clip.model().file() + " gives a pooled projection " + clip.width() + " wide but " + config
                    + " says pooled_projection_dim " + pooled + "; expected " + ClipTextEncoder.SIGNATURE + " with D = " + pooled);
        }
    }

    /** Whether {@code bundle} holds a FLUX text side (a {@code text_encoder_2} beside the CLIP one). */
    public static boolean present(ModelBundle bundle) {
        try {
            bundle.file("text_encoder_2");
            return true;
        } catch (BundleException e) {
            return false;
        }
    }

    public Encoded encode(String prompt) {
        return new Encoded(t5.encode(prompt, maxSequenceLength), clip.pooled(prompt));
    }

    /** Where T5, the heavy one, runs. */
    public String provider() {
        return t5.provider();
    }

    @Override
    public void close() {
        try (clip) {
            t5.close();
        }
    }
}
