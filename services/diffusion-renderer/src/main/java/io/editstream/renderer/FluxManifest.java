package io.editstream.renderer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.editstream.onnx.BundleException;
import io.editstream.onnx.ModelBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a FLUX.1 Kontext bundle says besides its graphs, read and checked before any graph is loaded:
 * <ul>
 *   <li>{@code scheduler/scheduler_config.json}, which must be a {@code FlowMatchEulerDiscreteScheduler};</li>
 *   <li>the VAE's {@code scaling_factor} and {@code shift_factor} and its scale factor 2^(len(block_out_channels) − 1)
 *       from {@code vae_decoder/config.json} (FLUX's 0.3611, 0.1159 and 8 when absent);</li>
 *   <li>from {@code bundle.json}: {@code guidance.text}, the distilled guidance scale of requests without their own
 *       (Kontext-dev's 2.5); {@code autoResize} (default true: the reference goes to the preferred Kontext resolution
 *       nearest its aspect ratio, as {@code _auto_resize}); {@code maxArea} of the output (0, the default: the reference's own
 *       area, so the edit comes out at the reference's size, as when the pipeline is called with the image's height and
 *       width; diffusers' own default is 1024² at the requested aspect ratio);
 *       {@code longSide}, which caps the reference's long side when auto-resize is off (0: no cap); and
 *       {@code maxSequenceLength}, the T5 tokens the enhancer encodes (512).</li>
 * </ul>
 */
record FluxManifest(FlowMatchConfig scheduler, float scalingFactor, float shiftFactor, int vaeScaleFactor, float guidance,
                    boolean autoResize, long maxArea, int longSide, int maxSequenceLength) {
    static final String SCHEDULER_CLASS = "FlowMatchEulerDiscreteScheduler";
    static final float DEFAULT_GUIDANCE = 2.5f;
    static final int DEFAULT_MAX_SEQUENCE_LENGTH = 512;

    static FluxManifest read(ModelBundle bundle, RenderSettings settings) {
        JsonNode manifest = bundle.manifest();
        String sampler = settings.scheduler();
        if (!sampler.isBlank() && !sampler.equals("flow-match-euler")) {
            throw new BundleException("render.scheduler '" + sampler + "' does not apply to the FLUX Kontext bundle " + bundle.dir()
                    + ": flow-matching bundles sample with flow-match-euler (leave render.scheduler empty)");
        }
        FlowMatchConfig scheduler = scheduler(bundle.dir().resolve("scheduler").resolve("scheduler_config.json"));
        JsonNode vae = readJson(bundle.dir().resolve("vae_decoder").resolve("config.json"));
        int blocks = vae == null ? 4 : Math.max(1, vae.path("block_out_channels").size());
        float scaling = vae == null ? 0.3611f : (float) vae.path("scaling_factor").asDouble(0.3611);
        float shift = vae == null ? 0.1159f : (float) vae.path("shift_factor").asDouble(0.1159);
        long maxArea = manifest.path("maxArea").asLong(0);
        int longSide = settings.longSide() > 0 ? settings.longSide() : manifest.path("longSide").asInt(0);
        int maxSequence = manifest.path("maxSequenceLength").asInt(DEFAULT_MAX_SEQUENCE_LENGTH);
        if ((maxArea != 0 && maxArea < KontextSize.MULTIPLE * KontextSize.MULTIPLE) || longSide < 0 || maxSequence < 1) {
            throw new BundleException("renderer bundle " + bundle.dir() + ": bundle.json maxArea " + maxArea + ", longSide " + longSide
                    + " or maxSequenceLength " + maxSequence + " is out of range");
        }
        return new FluxManifest(scheduler, scaling, shift, 1 << (blocks - 1),
                (float) manifest.path("guidance").path("text").asDouble(DEFAULT_GUIDANCE),
                manifest.path("autoResize").asBoolean(true), maxArea, longSide, maxSequence);
    }

    private static FlowMatchConfig scheduler(Path file) {
        JsonNode json = readJson(file);
        if (json == null) {
            throw new BundleException("renderer bundle is missing " + file + " (diffusers scheduler_config.json of a "
                    + SCHEDULER_CLASS + ")");
        }
        String name = json.path("_class_name").asText("");
        if (!name.equals(SCHEDULER_CLASS)) {
            throw new BundleException(file + ": _class_name is '" + name + "'; a FLUX Kontext bundle samples with " + SCHEDULER_CLASS);
        }
        try {
            return FlowMatchConfig.from(json);
        } catch (IllegalArgumentException e) {
            throw new BundleException(file + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode readJson(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new BundleException("cannot read " + file + " as JSON: " + e.getMessage(), e);
        }
    }
}
