package io.editstream.renderer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.editstream.events.EditOptions;
import io.editstream.onnx.BundleException;
import io.editstream.onnx.ClipTextEncoder;
import io.editstream.onnx.Device;
import io.editstream.onnx.FloatTensor;
import io.editstream.onnx.ImageTensors;
import io.editstream.onnx.LongTensor;
import io.editstream.onnx.ModelBundle;
import io.editstream.onnx.OnnxModel;
import io.editstream.onnx.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Image-conditioned diffusion in the InstructPix2Pix family, on a bundle in the Hugging Face Optimum
 * layout. The source is VAE-encoded (the distribution's mode, unscaled, as InstructPix2Pix does); seeded
 * noise is denoised by the scheduler with the UNet seeing the noisy latents concatenated with the source
 * latents, in one batch of three for classifier-free guidance on text and image (rows of concurrent
 * renders share UNet calls through {@link UNetBatcher}); the result is decoded after dividing by the VAE
 * scaling factor and resized back to the source's size. The null conditioning is the text encoder's
 * encoding of "" (computed once at start-up), or zeros for bundles that say {@code "unconditional": "zeros"}.
 */
public final class DiffusionPipeline implements AutoCloseable {
    /** Told after each denoising step: (steps done, steps in all). */
    public interface Progress {
        void step(int done, int total);
    }

    private final ModelBundle bundle;
    private final OnnxModel unet;
    private final OnnxModel vaeEncoder;
    private final OnnxModel vaeDecoder;
    private final SchedulerConfig schedulerConfig;
    private final float scalingFactor;
    private final int latentChannels;
    private final int fixedSize;
    private final int longSide;
    private final boolean integerTimestep;
    private final long[] conditioningShape;
    private final float[] nullConditioning;
    private final String sampler;
    private final UNetBatcher batcher;
    /** Used when a request leaves a scale unset: bundle.json "guidance" {text, image}, else InstructPix2Pix's 7.5 / 1.5. */
    private final float defaultTextGuidance;
    private final float defaultImageGuidance;

    public DiffusionPipeline(ModelBundle bundle, Device device) {
        this(bundle, device, RenderSettings.defaults());
    }

    public DiffusionPipeline(ModelBundle bundle, Device device, RenderSettings settings) {
        this.bundle = bundle;
        JsonNode manifest = bundle.manifest();
        String unconditional = manifest.path("unconditional").asText("empty_prompt");
        if (!unconditional.equals("zeros") && !unconditional.equals("empty_prompt")) {
            throw new BundleException("renderer bundle " + bundle.dir() + ": bundle.json \"unconditional\" is '" + unconditional
                    + "'; expected \"empty_prompt\" (the text encoder's encoding of \"\", the default) or \"zeros\"");
        }
        this.schedulerConfig = readScheduler(bundle.dir().resolve("scheduler").resolve("scheduler_config.json"), settings.scheduler());
        this.scalingFactor = readScalingFactor(bundle.dir().resolve("vae_decoder").resolve("config.json"));
        this.fixedSize = manifest.has("imageSize") ? bundle.imageSize() : 0;
        this.defaultTextGuidance = (float) manifest.path("guidance").path("text").asDouble(7.5);
        this.defaultImageGuidance = (float) manifest.path("guidance").path("image").asDouble(1.5);
        this.longSide = settings.longSide() > 0 ? settings.longSide() : manifest.path("longSide").asInt(RenderSize.DEFAULT_LONG_SIDE);
        this.unet = OnnxModel.load(bundle.file("unet"), device);
        OnnxModel encoder = null;
        OnnxModel decoder = null;
        try {
            encoder = OnnxModel.load(bundle.file("vae_encoder"), device);
            decoder = OnnxModel.load(bundle.file("vae_decoder"), device);
            this.latentChannels = RendererGraphs.check(unet, encoder, decoder);
            this.integerTimestep = unet.inputTypes().get("timestep").startsWith("INT");
            long[] ehs = unet.inputShapes().get("encoder_hidden_states");
            if (unconditional.equals("zeros")) {
                this.conditioningShape = conditioningShape(bundle, ehs);
                this.nullConditioning = null;
            } else {
                FloatTensor empty = emptyPromptEncoding(bundle, device, ehs);
                this.conditioningShape = empty.shape().clone();
                this.nullConditioning = empty.data();
            }
            this.sampler = Schedulers.create(schedulerConfig).name();
        } catch (RuntimeException e) {
            closeAll(unet, encoder, decoder);
            throw e;
        }
        this.vaeEncoder = encoder;
        this.vaeDecoder = decoder;
        this.batcher = new UNetBatcher(this::runUnet, settings.maxBatch(), settings.maxDelay());
    }

    /** [L, Dc] from bundle.json (conditioningTokens/conditioningDim) where stated, else the UNet's fixed dims; -1 = any. */
    private static long[] conditioningShape(ModelBundle bundle, long[] ehs) {
        var manifest = bundle.manifest();
        long tokens = manifest.path("conditioningTokens").asLong(ehs[1]);
        long dim = manifest.path("conditioningDim").asLong(ehs[2]);
        if ((ehs[1] > 0 && tokens != ehs[1]) || (ehs[2] > 0 && dim != ehs[2])) {
            throw new BundleException("renderer bundle " + bundle.dir() + ": bundle.json says conditioning [" + tokens + ", " + dim
                    + "] but the UNet takes [" + ehs[1] + ", " + ehs[2] + "]");
        }
        return new long[] {tokens, dim};
    }

    /** InstructPix2Pix's null text conditioning: the bundle's own CLIP text encoder on "", checked against the UNet. */
    private static FloatTensor emptyPromptEncoding(ModelBundle bundle, Device device, long[] ehs) {
        try (ClipTextEncoder text = ClipTextEncoder.load(bundle, device)) {
            if ((ehs[1] > 0 && ehs[1] != text.tokens()) || (ehs[2] > 0 && ehs[2] != text.width())) {
                throw new BundleException("renderer bundle " + bundle.dir() + ": the text encoder gives [" + text.tokens() + ", "
                        + text.width() + "] hidden states but " + bundle.file("unet") + " takes encoder_hidden_states "
                        + Arrays.toString(ehs) + "; expected [B," + text.tokens() + "," + text.width() + "]");
            }
            return text.encode("");
        }
    }

    /** The conditioning shape [L, Dc] the UNet expects (-1 where any length is accepted). */
    public long[] conditioningShape() {
        return conditioningShape.clone();
    }

    public String sampler() {
        return sampler;
    }

    /** The scales a request without its own gets: {text, image}. */
    public float[] defaultGuidance() {
        return new float[] {defaultTextGuidance, defaultImageGuidance};
    }

    public UNetBatcher.Stats unetStats() {
        return batcher.stats();
    }

    /** The pixel size the VAE sees for a source of this size (see {@link RenderSize}). */
    public RenderSize renderSize(int sourceWidth, int sourceHeight) {
        return fixedSize > 0 ? RenderSize.square(fixedSize) : RenderSize.fitted(sourceWidth, sourceHeight, longSide);
    }

    /** The edited image and the L2 distance of its final latent (as decoded) to the source's latent, for DiscEdit. */
    public record Rendering(BufferedImage image, double sourceLatentL2) {
    }

    public BufferedImage render(BufferedImage source, FloatTensor conditioning, EditOptions options, Progress progress) {
        return renderMeasured(source, conditioning, options, progress).image();
    }

    /** Renders one edit; safe to call from several threads at once (their UNet steps are batched together). */
    public Rendering renderMeasured(BufferedImage source, FloatTensor conditioning, EditOptions options, Progress progress) {
        checkConditioning(conditioning);
        try (AutoCloseable lease = batcher.open()) {
            return denoise(source, conditioning, options, progress);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Rendering denoise(BufferedImage source, FloatTensor conditioning, EditOptions options, Progress progress) {
        RenderSize size = renderSize(source.getWidth(), source.getHeight());
        FloatTensor mode = encode(ImageTensors.toSignedChw(source, size.width(), size.height()));
        long[] latentShape = mode.shape();
        float[] imageLatents = mode.data();
        int n = imageLatents.length;
        int h = (int) latentShape[2];
        int w = (int) latentShape[3];

        Scheduler scheduler = Schedulers.create(schedulerConfig);
        float[] timesteps = scheduler.setTimesteps(options.getSteps());
        GaussianNoise noise = new GaussianNoise(options.getSeed());
        float[] latents = noise.next(n);
        float sigma0 = scheduler.initNoiseSigma();
        for (int i = 0; i < n; i++) {
            latents[i] *= sigma0;
        }
        GuidanceCombiner guidance = new GuidanceCombiner(
                options.getTextGuidance() != null ? options.getTextGuidance() : defaultTextGuidance,
                options.getImageGuidance() != null ? options.getImageGuidance() : defaultImageGuidance);
        int rows = guidance.branches();
        float[] hidden = hiddenStates(conditioning, rows);
        int tokens = (int) conditioning.shape()[0];
        for (int step = 0; step < timesteps.length; step++) {
            float[] scaled = scheduler.scaleModelInput(latents, step);
            float[] sample = new float[rows * 2 * n];
            for (int b = 0; b < rows; b++) {
                System.arraycopy(scaled, 0, sample, b * 2 * n, n);
                if (b < 2) {   // image latents [src, src, zeros]: the third branch sees no image
                    System.arraycopy(imageLatents, 0, sample, b * 2 * n + n, n);
                }
            }
            float[] t = new float[rows];
            Arrays.fill(t, timesteps[step]);
            float[] out = batcher.predict(rows, h, w, tokens, sample, t, hidden);
            latents = scheduler.step(guidance.combine(out, n), step, latents, noise);
            if (progress != null) {
                progress.step(step + 1, timesteps.length);
            }
        }
        for (int i = 0; i < n; i++) {
            latents[i] /= scalingFactor;
        }
        // AURORA's DiscEdit distance: both latents in the VAE's unscaled space, the one the decoder reads
        double squared = 0;
        for (int i = 0; i < n; i++) {
            double d = latents[i] - imageLatents[i];
            squared += d * d;
        }
        FloatTensor decoded = first(vaeDecoder.run(Map.of("latent_sample", new FloatTensor(latentShape, latents))));
        BufferedImage image = ImageTensors.fromSignedChw(decoded, 0);
        return new Rendering(image.getWidth() == source.getWidth() && image.getHeight() == source.getHeight()
                ? image : ImageTensors.resize(image, source.getWidth(), source.getHeight()), Math.sqrt(squared));
    }

    /** One UNet call on concatenated rows (the batcher's worker calls this). */
    private float[] runUnet(int rows, int h, int w, int tokens, float[] sample, float[] timesteps, float[] hidden) {
        int dim = hidden.length / (rows * tokens);
        Map<String, FloatTensor> out = unet.run(Map.of(
                "sample", new FloatTensor(new long[] {rows, 2L * latentChannels, h, w}, sample),
                "timestep", timestep(timesteps),
                "encoder_hidden_states", new FloatTensor(new long[] {rows, tokens, dim}, hidden)));
        return out.getOrDefault("out_sample", first(out)).data();
    }

    private void checkConditioning(FloatTensor conditioning) {
        long[] shape = conditioning.shape();
        boolean fits = shape.length == 2 && (conditioningShape[0] < 0 || shape[0] == conditioningShape[0])
                && (conditioningShape[1] < 0 || shape[1] == conditioningShape[1]);
        if (!fits) {
            throw new IllegalArgumentException("conditioning has shape " + Arrays.toString(shape) + " but the renderer takes "
                    + Arrays.toString(conditioningShape));
        }
    }

    /** The VAE's mode: the mean half of latent_parameters (mean ⊕ logvar), or older exports' latent_sample. */
    private FloatTensor encode(FloatTensor pixels) {
        Map<String, FloatTensor> outputs = vaeEncoder.run(Map.of("sample", pixels));
        FloatTensor moments = outputs.getOrDefault("latent_parameters", outputs.getOrDefault("latent_sample", first(outputs)));
        long[] ms = moments.shape();
        if (ms.length != 4 || (ms[1] != latentChannels && ms[1] != 2L * latentChannels)) {
            throw new BundleException(bundle.file("vae_encoder") + " gave " + Arrays.toString(ms) + "; expected [1, " + latentChannels
                    + " or " + 2 * latentChannels + ", h, w] to pair with the UNet");
        }
        int n = (int) (latentChannels * ms[2] * ms[3]);
        return new FloatTensor(new long[] {1, latentChannels, ms[2], ms[3]}, Arrays.copyOf(moments.data(), n));
    }

    /** Text embeddings [prompt, null, null]: the null rows are the empty prompt's encoding, or zeros. */
    private float[] hiddenStates(FloatTensor conditioning, int rows) {
        int size = conditioning.data().length;
        float[] hidden = new float[rows * size];
        System.arraycopy(conditioning.data(), 0, hidden, 0, size);
        if (nullConditioning != null) {
            for (int b = 1; b < rows; b++) {
                System.arraycopy(nullConditioning, 0, hidden, b * size, size);
            }
        }
        return hidden;
    }

    /** Optimum exports take the timestep as float or int64; an integer graph gets it truncated, as numpy's astype does. */
    private Tensor timestep(float[] t) {
        if (integerTimestep) {
            long[] values = new long[t.length];
            for (int i = 0; i < t.length; i++) {
                values[i] = (long) t[i];
            }
            return new LongTensor(new long[] {t.length}, values);
        }
        return new FloatTensor(new long[] {t.length}, t);
    }

    private static FloatTensor first(Map<String, FloatTensor> outputs) {
        return outputs.values().iterator().next();
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

    private static void closeAll(OnnxModel... models) {
        for (OnnxModel model : models) {
            if (model != null) {
                model.close();
            }
        }
    }

    @Override
    public void close() {
        if (batcher != null) {
            batcher.close();
        }
        closeAll(unet, vaeEncoder, vaeDecoder);
    }
}
