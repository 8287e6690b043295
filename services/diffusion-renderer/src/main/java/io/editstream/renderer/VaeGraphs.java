package io.editstream.renderer;

import io.editstream.onnx.BundleException;
import io.editstream.onnx.Device;
import io.editstream.onnx.FloatTensor;
import io.editstream.onnx.ModelBundle;
import io.editstream.onnx.OnnxModel;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The two halves of a diffusers VAE in the Optimum layout ({@code vae_encoder/}, {@code vae_decoder/}), shared by both
 * renderer families and checked against the Optimum signatures when loaded, so a wrong export fails at start-up naming
 * the file. The encoder gives the distribution's moments (mean ⊕ logvar; older exports a sample), of which the
 * pipelines take the mode.
 */
record VaeGraphs(OnnxModel encoder, OnnxModel decoder) implements AutoCloseable {
    static final String ENCODER = "sample float[B,3,H,W] -> latent_parameters [B,2C,h,w] (older exports: latent_sample [B,C,h,w])";
    static final String DECODER = "latent_sample float[B,C,h,w] -> sample [B,3,H,W]";

    static VaeGraphs load(ModelBundle bundle, Device device) {
        OnnxModel encoder = OnnxModel.load(bundle.file("vae_encoder"), device);
        OnnxModel decoder = null;
        try {
            decoder = OnnxModel.load(bundle.file("vae_decoder"), device);
            Map<String, long[]> in = encoder.inputShapes();
            Map<String, long[]> out = encoder.outputShapes();
            boolean encoderFits = in.size() == 1 && rank(in, "sample", 4) && (in.get("sample")[1] < 0 || in.get("sample")[1] == 3)
                    && (rank(out, "latent_parameters", 4) || rank(out, "latent_sample", 4));
            if (!encoderFits) {
                throw RendererGraphs.wrong(encoder, ENCODER);
            }
            if (decoder.inputShapes().size() != 1 || !rank(decoder.inputShapes(), "latent_sample", 4)
                    || !rank(decoder.outputShapes(), "sample", 4)) {
                throw RendererGraphs.wrong(decoder, DECODER);
            }
            return new VaeGraphs(encoder, decoder);
        } catch (RuntimeException e) {
            encoder.close();
            if (decoder != null) {
                decoder.close();
            }
            throw e;
        }
    }

    /** The VAE of {@code bundle}, loaded after its {@code denoiser}, which is closed again if the VAE cannot load. */
    static VaeGraphs loadBeside(OnnxModel denoiser, ModelBundle bundle, Device device) {
        try {
            return load(bundle, device);
        } catch (RuntimeException e) {
            denoiser.close();
            throw e;
        }
    }

    /** A start-up check on the loaded graphs; when it fails, the denoiser and the VAE are closed before the failure goes on. */
    <T> T checkedBeside(OnnxModel denoiser, Supplier<T> check) {
        try {
            return check.get();
        } catch (RuntimeException e) {
            denoiser.close();
            close();
            throw e;
        }
    }

    static boolean rank(Map<String, long[]> shapes, String name, int rank) {
        long[] shape = shapes.get(name);
        return shape != null && shape.length == rank;
    }

    /** The decoder's latent channels C, -1 when the axis is dynamic. */
    long latentChannels() {
        return decoder.inputShapes().get("latent_sample")[1];
    }

    /** The encoder's moment channels (2C), -1 when dynamic or when it gives a sample instead. */
    long momentChannels() {
        Map<String, long[]> out = encoder.outputShapes();
        return out.containsKey("latent_parameters") ? out.get("latent_parameters")[1] : -1;
    }

    /** The mode [1, C, h, w] of {@code pixels} [1, 3, H, W] in [-1, 1]: the mean half of the moments. */
    FloatTensor mode(FloatTensor pixels, int channels) {
        Map<String, FloatTensor> outputs = encoder.run(Map.of("sample", pixels));
        FloatTensor moments = outputs.getOrDefault("latent_parameters", outputs.getOrDefault("latent_sample", first(outputs)));
        long[] ms = moments.shape();
        if (ms.length != 4 || (ms[1] != channels && ms[1] != 2L * channels)) {
            throw new BundleException(encoder.file() + " gave " + Arrays.toString(ms) + "; expected [1, " + channels
                    + " or " + 2 * channels + ", h, w] to pair with the denoiser");
        }
        int n = (int) (channels * ms[2] * ms[3]);
        return new FloatTensor(new long[] {1, channels, ms[2], ms[3]}, Arrays.copyOf(moments.data(), n));
    }

    /** The decoder's pixels [1, 3, H, W] for latents [1, C, h, w] already in its own space. */
    FloatTensor decode(FloatTensor latents) {
        return first(decoder.run(Map.of("latent_sample", latents)));
    }

    static FloatTensor first(Map<String, FloatTensor> outputs) {
        return outputs.values().iterator().next();
    }

    @Override
    public void close() {
        try {
            encoder.close();
        } finally {
            decoder.close();
        }
    }
}
