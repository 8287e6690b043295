package io.editstream.renderer;

import io.editstream.events.EditOptions;
import io.editstream.onnx.BundleException;
import io.editstream.onnx.Device;
import io.editstream.onnx.FloatTensor;
import io.editstream.onnx.ImageTensors;
import io.editstream.onnx.ModelBundle;
import io.editstream.onnx.OnnxModel;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Image editing with a FLUX.1 Kontext-family export in the Optimum layout, as diffusers' {@code FluxKontextPipeline}
 * samples (guidance-distilled; true CFG off):
 * <ol>
 *   <li>the source is resized to the reference size ({@link #renderSize}), VAE-encoded (the distribution's mode) and
 *       normalised, (x − shift_factor)·scaling_factor, then packed into 2×2 tokens whose ids carry first coordinate 1;</li>
 *   <li>seeded noise [1, C, h, w] at the output size is packed the same way (ids with first coordinate 0);</li>
 *   <li>each flow-match Euler step runs the transformer on [noise tokens, reference tokens] with the T5 sequence, the
 *       pooled CLIP projection, timestep σ and the distilled guidance scale, and keeps only the noise half of its output;</li>
 *   <li>the final tokens are unpacked, de-normalised, x/scaling_factor + shift_factor, decoded and resized back to
 *       the source's size.</li>
 * </ol>
 * Transformer steps of concurrent renders with the same sizes and text length share calls through {@link UNetBatcher}
 * (one row each, its own timestep and guidance); each render keeps its own scheduler and noise, so its image does not
 * depend on what it was batched with.
 */
public final class FluxKontextPipeline implements EditRenderer {
    /** What must be equal for transformer rows to share a call: both latent sizes (hence the ids) and the text length. */
    private record Shape(int height, int width, int referenceHeight, int referenceWidth, int tokens) {
    }

    private final ModelBundle bundle;
    private final FluxManifest config;
    private final OnnxModel transformer;
    private final VaeGraphs vae;
    private final FluxGraphs.Dims dims;
    private final UNetBatcher batcher;
    private final Map<Shape, float[]> ids = new HashMap<>();

    public FluxKontextPipeline(ModelBundle bundle, Device device, RenderSettings settings) {
        this.bundle = bundle;
        this.config = FluxManifest.read(bundle, settings);
        this.transformer = OnnxModel.load(bundle.file("transformer"), device);
        this.vae = VaeGraphs.loadBeside(transformer, bundle, device);
        this.dims = vae.checkedBeside(transformer, () -> FluxGraphs.check(transformer, vae, FluxGraphs.guidanceEmbeds(bundle)));
        this.batcher = new UNetBatcher(this::runTransformer, settings.maxBatch(), settings.maxDelay());
    }

    @Override
    public RendererFamily family() {
        return RendererFamily.FLUX_KONTEXT;
    }

    @Override
    public ModelBundle bundle() {
        return bundle;
    }

    @Override
    public String sampler() {
        return "flow-match-euler";
    }

    /** [L, Dt]: any T5 length, the transformer's text width. */
    @Override
    public long[] conditioningShape() {
        return new long[] {-1, dims.textWidth()};
    }

    @Override
    public int pooledWidth() {
        return dims.pooledWidth();
    }

    @Override
    public float[] defaultGuidance() {
        return new float[] {config.guidance(), 0f};
    }

    /**
     * The reference image's size: with auto-resize the preferred Kontext resolution nearest the source's aspect ratio,
     * else the source (its long side capped at longSide when one is set) floored to multiples of 16.
     */
    @Override
    public RenderSize renderSize(int sourceWidth, int sourceHeight) {
        if (config.autoResize()) {
            return KontextSize.reference(sourceWidth, sourceHeight, true);
        }
        int longer = Math.max(sourceWidth, sourceHeight);
        if (config.longSide() > 0 && longer > config.longSide()) {
            double scale = (double) config.longSide() / longer;
            int width = Math.max(KontextSize.MULTIPLE, (int) Math.round(sourceWidth * scale));
            int height = Math.max(KontextSize.MULTIPLE, (int) Math.round(sourceHeight * scale));
            return KontextSize.reference(width, height, false);
        }
        return KontextSize.reference(Math.max(KontextSize.MULTIPLE, sourceWidth), Math.max(KontextSize.MULTIPLE, sourceHeight), false);
    }

    /** The generated image's size: the reference's, or its aspect ratio at about bundle.json's maxArea pixels (max_area). */
    public RenderSize outputSize(RenderSize reference) {
        return config.maxArea() == 0 ? reference : KontextSize.output(reference.width(), reference.height(), config.maxArea());
    }

    @Override
    public UNetBatcher.Stats unetStats() {
        return batcher.stats();
    }

    @Override
    public Rendering renderMeasured(BufferedImage source, Conditioning conditioning, EditOptions options, Progress progress) {
        check(conditioning);
        return batcher.whileOpen(() -> denoise(source, conditioning, options, progress));
    }

    /**
     * What one render computed, for tests: the final packed tokens [S, 4C], the decoder's float output [1, 3, H, W] in
     * [-1, 1] and its image before resizing back, at the output size.
     */
    record Result(float[] packedLatents, FloatTensor pixels, BufferedImage decoded, RenderSize size, double sourceLatentL2) {
    }

    private Rendering denoise(BufferedImage source, Conditioning conditioning, EditOptions options, Progress progress) {
        Result result = sample(source, conditioning, options, progress);
        // resize hands back the image itself when it is already at the source's size
        return new Rendering(ImageTensors.resize(result.decoded(), source.getWidth(), source.getHeight()), result.sourceLatentL2());
    }

    Result sample(BufferedImage source, Conditioning conditioning, EditOptions options, Progress progress) {
        int c = dims.latentChannels();
        RenderSize reference = renderSize(source.getWidth(), source.getHeight());
        float[] referenceMode = encode(source, reference);
        int rh = LatentPacking.latentSide(reference.height(), config.vaeScaleFactor());
        int rw = LatentPacking.latentSide(reference.width(), config.vaeScaleFactor());
        LatentPacking.Tokens referenceTokens = LatentPacking.pack(normalise(referenceMode), 1, c, rh, rw);

        RenderSize output = outputSize(reference);
        int h = LatentPacking.latentSide(output.height(), config.vaeScaleFactor());
        int w = LatentPacking.latentSide(output.width(), config.vaeScaleFactor());
        int sequence = LatentPacking.sequenceLength(h, w);
        float[] latents = LatentPacking.pack(new GaussianNoise(options.getSeed()).next(c * h * w), 1, c, h, w).values();

        FlowMatchEulerScheduler scheduler = new FlowMatchEulerScheduler(config.scheduler());
        int steps = options.getSteps();
        scheduler.setKontextTimesteps(steps, sequence);
        float guidance = options.getTextGuidance() != null ? options.getTextGuidance() : config.guidance();
        FloatTensor text = conditioning.sequence();
        Shape shape = new Shape(h, w, rh, rw, text.dim(0));
        for (int step = 0; step < steps; step++) {
            LatentPacking.Tokens noisy = new LatentPacking.Tokens(latents, 1, sequence, 4 * c);
            float[] hidden = LatentPacking.concat(noisy, referenceTokens).values();
            float[] out = batcher.predict(1, shape, hidden, text.data(), conditioning.pooled().data(),
                    new float[] {scheduler.transformerTimestep(step)}, new float[] {guidance});
            float[] velocity = new LatentPacking.Tokens(out, 1, sequence + referenceTokens.length(), 4 * c).first(sequence).values();
            latents = scheduler.step(velocity, step, latents);
            if (progress != null) {
                progress.step(step + 1, steps);
            }
        }
        float[] decoded = LatentPacking.unpack(new LatentPacking.Tokens(latents, 1, sequence, 4 * c), h, w);
        for (int i = 0; i < decoded.length; i++) {
            decoded[i] = decoded[i] / config.scalingFactor() + config.shiftFactor();
        }
        // AURORA's DiscEdit distance, both latents in the VAE's own space; the source is re-encoded only if sizes differ
        float[] sourceLatents = output.equals(reference) ? referenceMode : encode(source, output);
        double squared = 0;
        for (int i = 0; i < decoded.length; i++) {
            double d = decoded[i] - sourceLatents[i];
            squared += d * d;
        }
        FloatTensor pixels = vae.decode(new FloatTensor(new long[] {1, c, h, w}, decoded));
        return new Result(latents, pixels, ImageTensors.fromSignedChw(pixels, 0), output, Math.sqrt(squared));
    }

    /** One transformer call on rows concatenated along the batch axis (the batcher's worker calls this). */
    private float[] runTransformer(int rows, Object key, float[][] in) {
        Shape shape = (Shape) key;
        int c4 = 4 * dims.latentChannels();
        int tokens = in[0].length / (rows * c4);
        Map<String, FloatTensor> feed = new HashMap<>();
        feed.put("hidden_states", new FloatTensor(new long[] {rows, tokens, c4}, in[0]));
        feed.put("encoder_hidden_states", new FloatTensor(new long[] {rows, shape.tokens(), in[1].length / (rows * shape.tokens())}, in[1]));
        feed.put("pooled_projections", new FloatTensor(new long[] {rows, dims.pooledWidth()}, in[2]));
        feed.put("timestep", new FloatTensor(new long[] {rows}, in[3]));
        feed.put("img_ids", new FloatTensor(new long[] {tokens, 3}, imageIds(shape)));
        feed.put("txt_ids", new FloatTensor(new long[] {shape.tokens(), 3}, LatentPacking.textIds(shape.tokens())));
        if (dims.guidanceInput()) {
            feed.put("guidance", new FloatTensor(new long[] {rows}, in[4]));
        }
        return transformer.run(feed).get("out_hidden_states").data();
    }

    /** Noise ids (first coordinate 0) then the reference's (first coordinate 1), cached per shape (only the worker thread calls this). */
    private float[] imageIds(Shape shape) {
        return ids.computeIfAbsent(shape, s -> LatentPacking.concatIds(
                LatentPacking.imageIds(s.height(), s.width(), LatentPacking.NOISE_IMAGE),
                LatentPacking.imageIds(s.referenceHeight(), s.referenceWidth(), LatentPacking.REFERENCE_IMAGE)));
    }

    /** The VAE's mode at {@code size}, checked against the latent size the vae scale factor implies. */
    private float[] encode(BufferedImage source, RenderSize size) {
        FloatTensor mode = vae.mode(ImageTensors.toSignedChw(source, size.width(), size.height()), dims.latentChannels());
        int h = LatentPacking.latentSide(size.height(), config.vaeScaleFactor());
        int w = LatentPacking.latentSide(size.width(), config.vaeScaleFactor());
        if (mode.dim(2) != h || mode.dim(3) != w) {
            throw new BundleException(vae.encoder().file() + " gave " + Arrays.toString(mode.shape()) + " for a " + size.width() + "x"
                    + size.height() + " image; expected [1, " + dims.latentChannels() + ", " + h + ", " + w + "] (vae scale factor "
                    + config.vaeScaleFactor() + ")");
        }
        return mode.data();
    }

    private float[] normalise(float[] mode) {
        float[] scaled = new float[mode.length];
        for (int i = 0; i < mode.length; i++) {
            scaled[i] = (mode[i] - config.shiftFactor()) * config.scalingFactor();
        }
        return scaled;
    }

    private void check(Conditioning conditioning) {
        long[] shape = conditioning.sequence().shape();
        if (shape.length != 2 || shape[0] < 1 || (dims.textWidth() > 0 && shape[1] != dims.textWidth())) {
            throw new IllegalArgumentException("text conditioning has shape " + Arrays.toString(shape) + " but " + bundle.name()
                    + "'s transformer takes [L, " + dims.textWidth() + "] (T5 hidden states)");
        }
        FloatTensor pooled = conditioning.pooled();
        if (pooled == null || pooled.data().length != dims.pooledWidth()) {
            throw new IllegalArgumentException("the FLUX transformer of " + bundle.name() + " takes a pooled text projection of "
                    + dims.pooledWidth() + " values (CLIP's pooler_output), got "
                    + (pooled == null ? "none" : Arrays.toString(pooled.shape())));
        }
    }

    @Override
    public void close() {
        batcher.close();
        transformer.close();
        vae.close();
    }
}
