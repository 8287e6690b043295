package io.editstream.renderer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.editstream.events.EditOptions;
import io.editstream.onnx.BundleException;
import io.editstream.onnx.Device;
import io.editstream.onnx.FloatTensor;
import io.editstream.onnx.ImageTensors;
import io.editstream.onnx.ModelBundle;
import io.editstream.onnx.OnnxModel;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Image-conditioned diffusion in the InstructPix2Pix family, on a bundle in the Hugging Face Optimum
 * layout. The source is VAE-encoded (the distribution's mode, unscaled, as InstructPix2Pix does); seeded
 * noise is denoised by the scheduler with the UNet seeing the noisy latents concatenated with the source
 * latents, in one batch of three for classifier-free guidance on text and image; the result is decoded
 * after dividing by the VAE scaling factor and resized back to the source's size.
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
    private final int imageSize;
    private final long[] conditioningShape;

    public DiffusionPipeline(ModelBundle bundle, Device device) {
        this.bundle = bundle;
        this.unet = OnnxModel.load(bundle.file("unet"), device);
        this.vaeEncoder = OnnxModel.load(bundle.file("vae_encoder"), device);
        this.vaeDecoder = OnnxModel.load(bundle.file("vae_decoder"), device);
        this.schedulerConfig = readScheduler(bundle.dir().resolve("scheduler").resolve("scheduler_config.json"));
        this.scalingFactor = readScalingFactor(bundle.dir().resolve("vae_decoder").resolve("config.json"));
        this.imageSize = bundle.imageSize();
        long[] ehs = unet.inputShapes().get("encoder_hidden_states");
        if (ehs == null || !unet.inputShapes().containsKey("sample") || !unet.inputShapes().containsKey("timestep")) {
            throw new BundleException(bundle.file("unet") + " must take sample, timestep and encoder_hidden_states; it takes "
                    + unet.inputShapes().keySet());
        }
        this.conditioningShape = new long[] {ehs[1], ehs[2]};
    }

    /** The conditioning shape [L, Dc] the UNet expects (-1 where any length is accepted). */
    public long[] conditioningShape() {
        return conditioningShape.clone();
    }

    public String sampler() {
        return newScheduler().name();
    }

    public BufferedImage render(BufferedImage source, FloatTensor conditioning, EditOptions options, Progress progress) {
        FloatTensor sourcePixels = ImageTensors.toSignedChw(source, imageSize, imageSize);
        FloatTensor moments = first(vaeEncoder.run(Map.of(vaeEncoder.inputShapes().keySet().iterator().next(), sourcePixels)));
        long[] ms = moments.shape();
        int channels = (int) unet.outputShapes().values().iterator().next()[1];
        int h = (int) ms[2];
        int w = (int) ms[3];
        int n = channels * h * w;
        // latent_parameters holds mean ⊕ logvar: the mode is the mean, the first `channels` planes
        float[] imageLatents = java.util.Arrays.copyOf(moments.data(), n);

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
        int length = (int) conditioning.shape()[0];
        int dim = (int) conditioning.shape()[1];
        float[] hidden = new float[batch * length * dim];
        System.arraycopy(conditioning.data(), 0, hidden, 0, length * dim);   // [cond, null, null]: null = zeros
        FloatTensor encoderHiddenStates = new FloatTensor(new long[] {batch, length, dim}, hidden);
        for (int step = 0; step < timesteps.length; step++) {
            float[] scaled = scheduler.scaleModelInput(latents, step);
            float[] sample = new float[batch * 2 * n];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(scaled, 0, sample, b * 2 * n, n);
                if (b < 2) {   // [src, src, zeros]: the third branch sees no image
                    System.arraycopy(imageLatents, 0, sample, b * 2 * n + n, n);
                }
            }
            float[] t = new float[batch];
            java.util.Arrays.fill(t, timesteps[step]);
            FloatTensor out = first(unet.run(Map.of(
                    "sample", new FloatTensor(new long[] {batch, 2L * channels, h, w}, sample),
                    "timestep", new FloatTensor(new long[] {batch}, t),
                    "encoder_hidden_states", encoderHiddenStates)));
            latents = scheduler.step(guidance.combine(out.data(), n), step, latents, noise);
            if (progress != null) {
                progress.step(step + 1, timesteps.length);
            }
        }
        for (int i = 0; i < n; i++) {
            latents[i] /= scalingFactor;
        }
        FloatTensor decoded = first(vaeDecoder.run(Map.of("latent_sample", new FloatTensor(new long[] {1, channels, h, w}, latents))));
        BufferedImage image = ImageTensors.fromSignedChw(decoded, 0);
        return image.getWidth() == source.getWidth() && image.getHeight() == source.getHeight()
                ? image : ImageTensors.resize(image, source.getWidth(), source.getHeight());
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
        unet.close();
        vaeEncoder.close();
        vaeDecoder.close();
    }
}
