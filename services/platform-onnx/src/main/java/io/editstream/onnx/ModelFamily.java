package io.editstream.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Which model family a bundle holds, in words, for the one start-up line each stage logs ("… model family: …"). It
 * is read from the export's own files where it has them — {@code config.json}'s {@code model_type} and
 * {@code architectures} (and {@code _name_or_path}) for Hugging Face exports, {@code model_index.json}'s
 * {@code _class_name} and the presence of a text encoder for diffusers pipelines — else from the bundle's kind. It
 * never fails: a file it cannot read leaves the family at what the kind says.
 */
public final class ModelFamily {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Hugging Face {@code model_type} → the family's usual name. */
    private static final Map<String, String> HF_TYPES = Map.of(
            "clip", "CLIP", "siglip", "SigLIP", "dinov2", "DINOv2", "vit", "ViT (DINO v1 when trained so)");

    private ModelFamily() {
    }

    /** The family of {@code bundle}, e.g. {@code CLIP (Hugging Face CLIPModel export)}. */
    public static String of(ModelBundle bundle) {
        return switch (bundle.kind()) {
            case "clip-hf" -> huggingFace(bundle, "CLIP");
            case "dino" -> huggingFace(bundle, "DINO");
            case "sam" -> "Segment Anything (ONNX image encoder + prompt decoder, automatic masks)";
            case "renderer" -> renderer(bundle);
            case "clip" -> "EditStream CLIP bundle (64-px encoders, word tokenizer)";
            case "reasoner" -> "EditStream reasoner bundle (ONNX encoder-decoder with guidance tokens)";
            case "enhancer" -> "EditStream learned fusion bundle (guidance x cues cross-attention)";
            default -> "bundle kind " + bundle.kind();
        };
    }

    /** {@link #of} followed by the bundle's name, version and folder. */
    public static String describe(ModelBundle bundle) {
        return of(bundle) + ", " + bundle.name() + "@" + bundle.version() + " from " + bundle.dir();
    }

    private static String huggingFace(ModelBundle bundle, String fallback) {
        JsonNode config = read(bundle.dir().resolve("config.json"));
        if (config == null) {
            return fallback + " (bundle kind " + bundle.kind() + ", no config.json)";
        }
        String type = config.path("model_type").asText("");
        String family = HF_TYPES.getOrDefault(type.toLowerCase(Locale.ROOT), type.isEmpty() ? fallback : type);
        String architecture = config.path("architectures").path(0).asText("");
        String checkpoint = config.path("_name_or_path").asText("");
        return family + " (Hugging Face " + (architecture.isEmpty() ? "" : architecture + " ") + "export"
                + (checkpoint.isEmpty() ? "" : " of " + checkpoint) + ")";
    }

    private static String renderer(ModelBundle bundle) {
        if (!OptimumLayout.applies(bundle)) {
            return "EditStream renderer bundle";
        }
        JsonNode index = read(bundle.dir().resolve("model_index.json"));
        String pipeline = index == null ? "" : index.path("_class_name").asText("");
        String checkpoint = index == null ? "" : index.path("_name_or_path").asText("");
        String graphs = "diffusers " + (pipeline.isEmpty() ? "pipeline" : pipeline) + ", Optimum ONNX"
                + (checkpoint.isEmpty() ? "" : ", of " + checkpoint);
        boolean textEncoder;
        try {
            bundle.file("text_encoder");
            textEncoder = true;
        } catch (BundleException e) {
            textEncoder = false;
        }
        if (pipeline.contains("FluxKontext") || bundle.manifest().path("family").asText("").startsWith("flux")) {
            return "FLUX.1 Kontext family (" + graphs + ": flow-matching transformer on packed latents with the reference image's"
                    + " tokens; conditioned on T5 hidden states and CLIP's pooled projection)";
        }
        boolean instructPix2Pix = pipeline.contains("InstructPix2Pix");
        if (textEncoder) {
            return (instructPix2Pix ? "InstructPix2Pix family" : "latent diffusion") + " (" + graphs
                    + ", CLIP text encoder and tokenizer: conditioned on text)";
        }
        return "EditStream renderer (" + graphs + " without a text encoder: conditioned by the enhancer's learned fusion)";
    }

    private static JsonNode read(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            return null;
        }
    }
}
