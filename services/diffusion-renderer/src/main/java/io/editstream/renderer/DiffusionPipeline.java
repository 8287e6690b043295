package io.editstream.renderer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.editstream.events.EditOptions;
import io.editstream.onnx.BundleException;
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
 * latents, in one batch of three for classifier-free guidance on text and image; the result is decoded
 * after dividing by the VAE scaling factor and resized back to the source's size. The pixel size follows
 * {@link RenderSize}; the timestep is fed as float or int64, whichever the UNet graph declares; the null
 * conditioning of the guidance branches is zeros, the only kind bundle.json may declare for now.
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
    private final boolean integerTimestep;
    private final long[] conditioningShape;
    private final String sampler;

    public DiffusionPipeline(ModelBundle bundle, Device device) {
        this.bundle = bundle;
        String unconditional = bundle.manifest().path("unconditional").asText("");
        if (!unconditional.equals("zeros")) {
            // text-encoder null embeddings (full-size checkpoints) are not wired yet: refuse rather than guess
            throw new BundleException("renderer bundle " + bundle.dir() + ": bundle.json \"unconditional\" is '" + unconditional
                    + "'; only \"zeros\" (a zero [L,Dc] null conditioning) is supported");
        }
        this.schedulerConfig = readScheduler(bundle.dir().resolve("scheduler").resolve("scheduler_config.json"));
        this.scalingFactor = readScalingFactor(bundle.dir().resolve("vae_decoder").resolve("config.json"));
        this.fixedSize = bundle.manifest().has("imageSize") ? bundle.imageSize() : 0;
        this.unet = OnnxModel.load(bundle.file("unet"), device);
        try {
            this.vaeEncoder = OnnxModel.load(bundle.file("vae_encoder"), device);
            this.vaeDecoder = OnnxModel.load(bundle.file("vae_decoder"), device);
            long[] ehs = unet.inputShapes().get("encoder_hidden_states");
            long[] sample = unet.inputShapes().get("sample");
            if (ehs == null || sample == null || !unet.inputShapes().containsKey("timestep") || ehs.length != 3) {
                throw new BundleException(bundle.file("unet") + " must take sample, timestep and encoder_hidden_states [B,L,Dc]; it takes "
                        + unet.inputShapes().keySet());
            }
            this.latentChannels = (int) (sample[1] > 0 ? sample[1] / 2 : bundle.manifest().path("latentChannels").asInt(4));
            this.integerTimestep = unet.inputTypes().get("timestep").startsWith("INT");
            this.conditioningShape = conditioningShape(bundle, ehs);
            this.sampler = newScheduler().name();   // an unsupported scheduler fails at start-up, not on the first request
        } catch (RuntimeException e) {
            close();
            throw e;
        }
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

    /** The conditioning shape [L, Dc] the UNet expects (-1 where any length is accepted). */
    public long[] conditioningShape() {
        return conditioningShape.clone();
    }

    public String sampler() {
        return sampler;
    }

    /** The pixel size the VAE sees for a source of this size (see {@link RenderSize}). */
    public RenderSize renderSize(int sourceWidth, int sourceHeight) {
        return fixedSize > 0 ? RenderSize.square(fixedSize)
                : RenderSize.fitted(sourceWidth, sourceHeight, RenderSize.DEFAULT_LONG_SIDE);
    }

    /** The edited image and the L2 distance of its final latent (as decoded) to the source's latent, for DiscEdit. */
    public record Rendering(BufferedImage image, double sourceLatentL2) {
    }

    public BufferedImage render(BufferedImage source, FloatTensor conditioning, EditOptions options, Progress progress) {
        return renderMeasured(source, conditioning, options, progress).image();
    }

    public Rendering renderMeasured(BufferedImage source, FloatTensor conditioning, EditOptions options, Progress progress) {
        checkConditioning(conditioning);
        RenderSize size = renderSize(source.getWidth(), source.getHeight());
        FloatTensor mode = encode(ImageTensors.toSignedChw(source, size.width(), size.height()));
        long[] latentShape = mode.shape();
        float[] imageLatents = mode.data();
        int n = imageLatents.length;

        Scheduler scheduler = newScheduler();
        float[] timesteps = scheduler.setTimesteps(options.getSteps());
        GaussianNoise noise = new GaussianNoise(options.getSeed());
        float[] latents = noise.next(n);
        float sigma0 = scheduler.initNoiseSigma();
        for (int i = 0; i < n; i++) {
            latents[i] *= sigma0;
        }
        GuidanceCombiner guidance = new GuidanceCombiner(options.getTextGuidance(), options.getImageGuidance());
        int batch = guidance.branches();
        FloatTensor encoderHiddenStates = hiddenStates(conditioning, batch);
        long[] sampleShape = {batch, 2L * latentChannels, latentShape[2], latentShape[3]};
        for (int step = 0; step < timesteps.length; step++) {
            float[] scaled = scheduler.scaleModelInput(latents, step);
            float[] sample = new float[batch * 2 * n];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(scaled, 0, sample, b * 2 * n, n);
                if (b < 2) {   // image latents [src, src, zeros]: the third branch sees no image
                    System.arraycopy(imageLatents, 0, sample, b * 2 * n + n, n);
                }
            }
            FloatTensor out = first(unet.run(Map.of("sample", new FloatTensor(sampleShape, sample),
                    "timestep", timestep(timesteps[step], batch), "encoder_hidden_states", encoderHiddenStates)));
            latents = scheduler.step(guidance.combine(out.data(), n), step, latents, noise);
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
        String input = vaeEncoder.inputShapes().keySet().iterator().next();
        Map<String, FloatTensor> outputs = vaeEncoder.run(Map.of(input, pixels));
        FloatTensor moments = outputs.getOrDefault("latent_parameters", outputs.getOrDefault("latent_sample", first(outputs)));
        long[] ms = moments.shape();
        if (ms.length != 4 || (ms[1] != latentChannels && ms[1] != 2L * latentChannels)) {
            throw new BundleException(bundle.file("vae_encoder") + " gave " + Arrays.toString(ms) + "; expected [1, " + latentChannels
                    + " or " + 2 * latentChannels + ", h, w] to pair with the UNet");
        }
        int n = (int) (latentChannels * ms[2] * ms[3]);
        return new FloatTensor(new long[] {1, latentChannels, ms[2], ms[3]}, Arrays.copyOf(moments.data(), n));
    }

    /** Text embeddings [prompt, null, null] with the zero null conditioning ("unconditional": "zeros"). */
    private static FloatTensor hiddenStates(FloatTensor conditioning, int batch) {
        int length = (int) conditioning.shape()[0];
        int dim = (int) conditioning.shape()[1];
        float[] hidden = new float[batch * length * dim];
        System.arraycopy(conditioning.data(), 0, hidden, 0, length * dim);
        return new FloatTensor(new long[] {batch, length, dim}, hidden);
    }

    /** Optimum exports take the timestep as float or int64; an integer graph gets it truncated, as numpy's astype does. */
    private Tensor timestep(float t, int batch) {
        if (integerTimestep) {
            long[] values = new long[batch];
            Arrays.fill(values, (long) t);
            return new LongTensor(new long[] {batch}, values);
        }
        float[] values = new float[batch];
        Arrays.fill(values, t);
        return new FloatTensor(new long[] {batch}, values);
    }

    private Scheduler newScheduler() {
        String name = schedulerConfig.className();
        if (!name.startsWith("EulerAncestral")) {
            throw new BundleException(bundle.dir() + ": scheduler " + name + " is not supported yet (EulerAncestralDiscreteScheduler)");
        }
        return new EulerAncestralScheduler(schedulerConfig);
    }

    private static FloatTensor first(Map<String, FloatTensor> outputs) {
        return outputs.values().iterator().next();
    }

    private static SchedulerConfig readScheduler(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BundleException("renderer bundle is missing " + file + " (diffusers scheduler_config.json)");
        }
        try {
            return SchedulerConfig.read(file);
        } catch (IOException e) {
            throw new BundleException("cannot read " + file + ": " + e.getMessage(), e);
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

    @Override
    public void close() {
        for (OnnxModel model : new OnnxModel[] {unet, vaeEncoder, vaeDecoder}) {
            if (model != null) {
                model.close();
            }
        }
    }
}
