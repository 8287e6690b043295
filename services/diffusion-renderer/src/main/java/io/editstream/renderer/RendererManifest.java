package io.editstream.renderer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.editstream.onnx.BundleException;
import io.editstream.onnx.ModelBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a renderer bundle says besides its graphs, read and checked before any graph is loaded: the null
 * conditioning ({@code "unconditional"}), the diffusers scheduler config (or the settings' override), the VAE
 * scaling factor, a fixed {@code imageSize} (0: fitted to the source), the long side for fitted sizes, and the
 * guidance scales for requests that leave them unset (bundle.json "guidance" {text, image}, else
 * InstructPix2Pix's 7.5 / 1.5), and how the source's unedited pixels are kept (bundle.json "keepUnedited"
 * {threshold, grow}, else off; the settings' own values win when set).
 */
record RendererManifest(boolean zeroNullConditioning, SchedulerConfig scheduler, float scalingFactor, int fixedSize,
        int longSide, float textGuidance, float imageGuidance, int keepThreshold, int keepGrow) {

    static RendererManifest read(ModelBundle bundle, RenderSettings settings) {
        JsonNode manifest = bundle.manifest();
        String unconditional = manifest.path("unconditional").asText("empty_prompt");
        if (!unconditional.equals("zeros") && !unconditional.equals("empty_prompt")) {
            throw new BundleException("renderer bundle " + bundle.dir() + ": bundle.json \"unconditional\" is '" + unconditional
                    + "'; expected \"empty_prompt\" (the text encoder's encoding of \"\", the default) or \"zeros\"");
        }
        SchedulerConfig scheduler = readScheduler(bundle.dir().resolve("scheduler").resolve("scheduler_config.json"),
                settings.scheduler());
        float scalingFactor = readScalingFactor(bundle.dir().resolve("vae_decoder").resolve("config.json"));
        int fixedSize = manifest.has("imageSize") ? bundle.imageSize() : 0;
        float textGuidance = (float) manifest.path("guidance").path("text").asDouble(7.5);
        float imageGuidance = (float) manifest.path("guidance").path("image").asDouble(1.5);
        int longSide = settings.longSide() > 0 ? settings.longSide() : manifest.path("longSide").asInt(RenderSize.DEFAULT_LONG_SIDE);
        JsonNode keep = manifest.path("keepUnedited");
        int threshold = settings.keepUneditedThreshold() >= 0 ? settings.keepUneditedThreshold() : keep.path("threshold").asInt(0);
        int grow = settings.keepUneditedGrow() >= 0 ? settings.keepUneditedGrow() : keep.path("grow").asInt(1);
        if (threshold < 0 || threshold > 255 || grow < 0) {
            throw new BundleException("renderer bundle " + bundle.dir() + ": keepUnedited threshold " + threshold + " (0-255) or grow "
                    + grow + " is out of range");
        }
        return new RendererManifest(unconditional.equals("zeros"), scheduler, scalingFactor, fixedSize, longSide,
                textGuidance, imageGuidance, threshold, grow);
    }

    private static SchedulerConfig readScheduler(Path file, String override) {
        if (!Files.isRegularFile(file)) {
            throw new BundleException("renderer bundle is missing " + file + " (diffusers scheduler_config.json)");
        }
        try {
            SchedulerConfig config = Schedulers.read(file, override);
            Schedulers.create(config);   // an unsupported class or option fails here, naming the file
            return config;
        } catch (IOException | ClassCastException e) {
            throw new BundleException("cannot read " + file + " as a JSON object: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new BundleException(file + ": " + e.getMessage(), e);
        }
    }

    private static float readScalingFactor(Path file) {
        if (!Files.isRegularFile(file)) {
            return 0.18215f;
        }
        try {
            JsonNode config = new ObjectMapper().readTree(file.toFile());
            return (float) config.path("scaling_factor").asDouble(0.18215);
        } catch (IOException e) {
            throw new BundleException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
