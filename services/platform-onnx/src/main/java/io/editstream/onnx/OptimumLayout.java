package io.editstream.onnx;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Hugging Face Optimum ONNX export layout of a diffusers pipeline: one folder per component with
 * {@code model.onnx} (and, for graphs over 2 GB, its external weights {@code model.onnx_data} beside it), plus
 * {@code model_index.json} and {@code scheduler/scheduler_config.json}. A renderer bundle marked
 * {@code "layout": "optimum"} must hold its denoiser (the UNet, or for FLUX pipelines the transformer), both VAE
 * halves, the scheduler config and the model index; text encoders are optional.
 */
final class OptimumLayout {

    static final String NAME = "optimum";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> DEFAULTS = defaults();
    private static final List<String> REQUIRED = List.of("model_index", "unet", "vae_encoder", "vae_decoder", "scheduler");
    private static final List<String> REQUIRED_FLUX = List.of("model_index", "transformer", "vae_encoder", "vae_decoder", "scheduler");

    private OptimumLayout() {
    }

    /** Each graph role at {@code <role>/model.onnx}, plus the configs the renderer reads. */
    private static Map<String, String> defaults() {
        Map<String, String> paths = new HashMap<>();
        for (String graph : List.of("unet", "transformer", "vae_encoder", "vae_decoder", "text_encoder", "text_encoder_2")) {
            paths.put(graph, graph + "/model.onnx");
        }
        for (String config : List.of("unet", "vae_encoder", "vae_decoder")) {
            paths.put(config + "_config", config + "/config.json");
        }
        paths.put("scheduler", "scheduler/scheduler_config.json");
        paths.put("model_index", "model_index.json");
        return Map.copyOf(paths);
    }

    static boolean applies(ModelBundle bundle) {
        return NAME.equals(bundle.layout());
    }

    /** Conventional path of {@code role} for an Optimum bundle, else null. */
    static String defaultPath(ModelBundle bundle, String role) {
        return applies(bundle) ? DEFAULTS.get(role) : null;
    }

    static List<String> requiredRoles(ModelBundle bundle) {
        if (!applies(bundle)) {
            return List.of();
        }
        return isFlux(bundle) ? REQUIRED_FLUX : REQUIRED;
    }

    /** bundle.json's "family" when given, else model_index.json's _class_name (FluxKontextPipeline). */
    private static boolean isFlux(ModelBundle bundle) {
        String family = bundle.manifest().path("family").asText("");
        if (!family.isEmpty()) {
            return family.startsWith("flux");
        }
        Path index = bundle.dir().resolve("model_index.json");
        try {
            return Files.isRegularFile(index) && JSON.readTree(index.toFile()).path("_class_name").asText("").contains("Flux");
        } catch (IOException e) {
            throw new BundleException("cannot read " + index + " as JSON: " + e.getMessage(), e);
        }
    }
}
