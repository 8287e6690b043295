package io.editstream.renderer;

import io.editstream.events.EditOptions;
import io.editstream.onnx.Device;
import io.editstream.onnx.FloatTensor;
import io.editstream.onnx.ImageTensors;
import io.editstream.onnx.LongTensor;
import io.editstream.onnx.ModelBundle;
import io.editstream.onnx.OnnxModel;
import io.editstream.onnx.Tensor;
import java.awt.image.BufferedImage;
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
public final class DiffusionPipeline implements EditRenderer {
    private final ModelBundle bundle;
    private final RendererManifest config;
    private final OnnxModel unet;
    private final VaeGraphs vae;
    private final int latentChannels;
    private final boolean integerTimestep;
    private final NullConditioning nullConditioning;
    private final String sampler;
    private final UNetBatcher batcher;

    public DiffusionPipeline(ModelBundle bundle, Device device) {
        this(bundle, device, RenderSettings.defaults());
    }

    public DiffusionPipeline(ModelBundle bundle, Device device, RenderSettings settings) {
        this.bundle = bundle;
        this.config = RendererManifest.read(bundle, settings);
        this.unet = OnnxModel.load(bundle.file("unet"), device);
        this.vae = VaeGraphs.loadBeside(unet, bundle, device);
        this.latentChannels = vae.checkedBeside(unet, () -> RendererGraphs.check(unet, vae));
        this.integerTimestep = unet.inputTypes().get("timestep").startsWith("INT");
        long[] ehs = unet.inputShapes().get("encoder_hidden_states");
        this.nullConditioning = vae.checkedBeside(unet, () -> config.zeroNullConditioning()
                ? NullConditioning.zeros(bundle, ehs) : NullConditioning.emptyPrompt(bundle, device, ehs));
        this.sampler = Schedulers.create(config.scheduler()).name();   // the manifest has already refused a bad scheduler
        this.batcher = new UNetBatcher(this::runUnet, settings.maxBatch(), settings.maxDelay());
    }

    @Override
    public RendererFamily family() {
        return RendererFamily.INSTRUCT_PIX2PIX;
    }

    /** The conditioning shape [L, Dc] the UNet expects (-1 where any length is accepted). */
    @Override
    public long[] conditioningShape() {
        return nullConditioning.shape();
    }

    @Override
    public int pooledWidth() {
        return 0;
    }

    @Override
    public ModelBundle bundle() {
        return bundle;
    }

    @Override
    public String sampler() {
        return sampler;
    }

    @Override
    public float[] defaultGuidance() {
        return new float[] {config.textGuidance(), config.imageGuidance()};
    }

    @Override
    public UNetBatcher.Stats unetStats() {
        return batcher.stats();
    }

    /** The pixel size the VAE sees for a source of this size (see {@link RenderSize}). */
    @Override
    public RenderSize renderSize(int sourceWidth, int sourceHeight) {
        return config.fixedSize() > 0 ? RenderSize.square(config.fixedSize())
                : RenderSize.fitted(sourceWidth, sourceHeight, config.longSide());
    }

    public BufferedImage render(BufferedImage source, FloatTensor conditioning, EditOptions options, Progress progress) {
        return renderMeasured(source, conditioning, options, progress).image();
    }

    @Override
    public Rendering renderMeasured(BufferedImage source, Conditioning conditioning, EditOptions options, Progress progress) {
        return renderMeasured(source, conditioning.sequence(), options, progress);
    }

    /** Renders one edit; safe to call from several threads at once (their UNet steps are batched together). */
    public Rendering renderMeasured(BufferedImage source, FloatTensor conditioning, EditOptions options, Progress progress) {
        nullConditioning.check(conditioning);
        return batcher.whileOpen(() -> denoise(source, conditioning, options, progress));
    }

    private Rendering denoise(BufferedImage source, FloatTensor conditioning, EditOptions options, Progress progress) {
        RenderSize size = renderSize(source.getWidth(), source.getHeight());
        FloatTensor mode = vae.mode(ImageTensors.toSignedChw(source, size.width(), size.height()), latentChannels);
        long[] latentShape = mode.shape();
        float[] imageLatents = mode.data();
        int n = imageLatents.length;
        int h = (int) latentShape[2];
        int w = (int) latentShape[3];

        Scheduler scheduler = Schedulers.create(config.scheduler());
        float[] timesteps = scheduler.setTimesteps(options.getSteps());
        GaussianNoise noise = new GaussianNoise(options.getSeed());
        float[] latents = noise.next(n);
        float sigma0 = scheduler.initNoiseSigma();
        for (int i = 0; i < n; i++) {
            latents[i] *= sigma0;
        }
        GuidanceCombiner guidance = new GuidanceCombiner(
                options.getTextGuidance() != null ? options.getTextGuidance() : config.textGuidance(),
                options.getImageGuidance() != null ? options.getImageGuidance() : config.imageGuidance());
        int rows = guidance.branches();
        float[] hidden = nullConditioning.hiddenStates(conditioning, rows);
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
            latents[i] /= config.scalingFactor();
        }
        // AURORA's DiscEdit distance: both latents in the VAE's unscaled space, the one the decoder reads
        double squared = 0;
        for (int i = 0; i < n; i++) {
            double d = latents[i] - imageLatents[i];
            squared += d * d;
        }
        FloatTensor decoded = vae.decode(new FloatTensor(latentShape, latents));
        // resize hands back the image itself when it is already at the source's size
        BufferedImage image = ImageTensors.resize(ImageTensors.fromSignedChw(decoded, 0), source.getWidth(), source.getHeight());
        if (config.keepThreshold() > 0) {
            BufferedImage reconstruction = ImageTensors.resize(ImageTensors.fromSignedChw(vae.decode(mode), 0), source.getWidth(),
                    source.getHeight());
            image = UneditedPixels.keep(source, image, UneditedPixels.edited(reconstruction, image, config.keepThreshold(),
                    config.keepGrow()));
        }
        return new Rendering(image, Math.sqrt(squared));
    }

    /** One UNet call on concatenated rows (the batcher's worker calls this). */
    private float[] runUnet(int rows, int h, int w, int tokens, float[] sample, float[] timesteps, float[] hidden) {
        int dim = hidden.length / (rows * tokens);
        Map<String, FloatTensor> out = unet.run(Map.of(
                "sample", new FloatTensor(new long[] {rows, 2L * latentChannels, h, w}, sample),
                "timestep", timestep(timesteps),
                "encoder_hidden_states", new FloatTensor(new long[] {rows, tokens, dim}, hidden)));
        return out.getOrDefault("out_sample", VaeGraphs.first(out)).data();
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

    @Override
    public void close() {
        batcher.close();
        unet.close();
        vae.close();
    }
}
