package io.editstream.onnx;

import java.util.List;
import java.util.Map;

/**
 * The Hugging Face Optimum ONNX export layout of a diffusers pipeline: one folder per component with
 * {@code model.onnx}, plus {@code model_index.json} and {@code scheduler/scheduler_config.json}. A
 * renderer bundle marked {@code "layout": "optimum"} must hold the UNet, both VAE halves, the
 * scheduler config and the model index; a text encoder is optional.
 */
final class OptimumLayout {

    static final String NAME = "optimum";
    private static final Map<String, String> DEFAULTS = Map.of(
            "unet", "unet/model.onnx",
            "vae_encoder", "vae_encoder/model.onnx",
            "vae_decoder", "vae_decoder/model.onnx",
            "text_encoder", "text_encoder/model.onnx",
            "scheduler", "scheduler/scheduler_config.json",
            "model_index", "model_index.json",
            "vae_decoder_config", "vae_decoder/config.json",
            "vae_encoder_config", "vae_encoder/config.json",
            "unet_config", "unet/config.json");
    private static final List<String> REQUIRED = List.of("model_index", "unet", "vae_encoder", "vae_decoder", "scheduler");

    private OptimumLayout() {
    }

    static boolean applies(ModelBundle bundle) {
        return NAME.equals(bundle.layout());
    }

    /** Conventional path of {@code role} for an Optimum bundle, else null. */
    static String defaultPath(ModelBundle bundle, String role) {
        return applies(bundle) ? DEFAULTS.get(role) : null;
    }

    static List<String> requiredRoles(ModelBundle bundle) {
        return applies(bundle) ? REQUIRED : List.of();
    }
}
