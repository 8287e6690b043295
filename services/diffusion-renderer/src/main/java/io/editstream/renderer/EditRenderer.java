package io.editstream.renderer;

import io.editstream.events.EditOptions;
import io.editstream.onnx.Device;
import io.editstream.onnx.FloatTensor;
import io.editstream.onnx.ModelBundle;
import java.awt.image.BufferedImage;

/**
 * What the renderer stage needs from a diffusion pipeline, whichever family its bundle is: the InstructPix2Pix
 * UNet family ({@link DiffusionPipeline}) or the FLUX.1 Kontext flow-matching transformer family
 * ({@link FluxKontextPipeline}). {@link #open} picks the family from the bundle ({@link RendererFamily}). Renders
 * are safe to run from several threads at once; their denoiser steps are micro-batched together.
 */
public interface EditRenderer extends AutoCloseable {
    /** Told after each denoising step: (steps done, steps in all). */
    interface Progress {
        void step(int done, int total);
    }

    /** The edited image and the L2 distance of its final latent (as decoded) to the source's latent, for DiscEdit. */
    record Rendering(BufferedImage image, double sourceLatentL2) {
    }

    /**
     * The text conditioning of one request: the sequence [L, D] (InstructPix2Pix: CLIP hidden states or the learned
     * fusion; FLUX: T5's hidden states) and, for renderers that take one, the pooled projection [P] (FLUX: CLIP's
     * pooler_output), else null.
     */
    record Conditioning(FloatTensor sequence, FloatTensor pooled) {
        public static Conditioning of(FloatTensor sequence) {
            return new Conditioning(sequence, null);
        }
    }

    /** The renderer for {@code bundle}'s family, its graphs loaded and checked against that family's signatures. */
    static EditRenderer open(ModelBundle bundle, Device device, RenderSettings settings) {
        return switch (RendererFamily.of(bundle)) {
            case INSTRUCT_PIX2PIX -> new DiffusionPipeline(bundle, device, settings);
            case FLUX_KONTEXT -> new FluxKontextPipeline(bundle, device, settings);
        };
    }

    RendererFamily family();

    /** The bundle it renders with: the model the stage events name. */
    ModelBundle bundle();

    String sampler();

    /** The sequence shape [L, D] it takes (-1 where any length is accepted). */
    long[] conditioningShape();

    /** The pooled projection's width P, 0 when it takes none. */
    int pooledWidth();

    /** The scales a request without its own gets: {text, image} (FLUX: {distilled guidance, 0}). */
    float[] defaultGuidance();

    /** The pixel size the VAE sees for a source of this size. */
    RenderSize renderSize(int sourceWidth, int sourceHeight);

    UNetBatcher.Stats unetStats();

    /** Renders one edit; the result has the source's size. */
    Rendering renderMeasured(BufferedImage source, Conditioning conditioning, EditOptions options, Progress progress);

    default BufferedImage render(BufferedImage source, Conditioning conditioning, EditOptions options, Progress progress) {
        return renderMeasured(source, conditioning, options, progress).image();
    }

    @Override
    void close();
}
