package io.editstream.renderer;

import io.editstream.onnx.BundleException;
import io.editstream.onnx.OnnxModel;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * Start-up checks of a renderer bundle's UNet against the Optimum InstructPix2Pix signature (the VAE halves are
 * checked by {@link VaeGraphs}), so a wrong export fails with the file and the expected signature rather than on
 * the first request. Dynamic axes (-1) match anything; the latent channels C come from the VAE decoder's input and
 * must be half the UNet's sample channels.
 */
final class RendererGraphs {
    static final String UNET = "sample float[B,2C,h,w], timestep int64|float[B], encoder_hidden_states float[B,L,D] -> out_sample [B,C,h,w]";
    static final String VAE_ENCODER = VaeGraphs.ENCODER;
    static final String VAE_DECODER = VaeGraphs.DECODER;
    private static final Set<String> FLOATS = Set.of("FLOAT", "FLOAT16");

    private RendererGraphs() {
    }

    /** The latent channel count C, after checking the UNet and its agreement with the VAE. */
    static int check(OnnxModel unet, VaeGraphs vae) {
        Map<String, long[]> in = unet.inputShapes();
        Map<String, String> types = unet.inputTypes();
        boolean unetFits = in.size() == 3 && rank(in, "sample", 4) && rank(in, "timestep", 1) && rank(in, "encoder_hidden_states", 3)
                && FLOATS.contains(types.get("sample")) && FLOATS.contains(types.get("encoder_hidden_states"))
                && (FLOATS.contains(types.get("timestep")) || types.get("timestep").startsWith("INT"))
                && unet.outputShapes().containsKey("out_sample");
        if (!unetFits) {
            throw wrong(unet, UNET);
        }
        long sampleChannels = in.get("sample")[1];
        long latent = vae.latentChannels();
        if (latent < 0) {
            latent = sampleChannels > 0 ? sampleChannels / 2 : 4;
        }
        long moments = vae.momentChannels();
        if ((sampleChannels > 0 && sampleChannels != 2 * latent) || (moments > 0 && moments != 2 * latent)) {
            throw new BundleException("renderer graphs disagree on the latent channels: " + unet.file() + " sample has "
                    + sampleChannels + " channels (expected 2C), " + vae.decoder().file() + " latent_sample has C = " + latent
                    + ", " + vae.encoder().file() + " latent_parameters has " + moments + " (expected 2C); signatures: unet "
                    + UNET + "; vae_encoder " + VAE_ENCODER + "; vae_decoder " + VAE_DECODER);
        }
        return (int) latent;
    }

    private static boolean rank(Map<String, long[]> shapes, String name, int rank) {
        return VaeGraphs.rank(shapes, name, rank);
    }

    static BundleException wrong(OnnxModel model, String expected) {
        return new BundleException(model.file() + " has the wrong signature: expected " + expected + "; it takes "
                + describe(model.inputShapes(), model.inputTypes()) + " and gives " + describe(model.outputShapes(), model.outputTypes()));
    }

    private static String describe(Map<String, long[]> shapes, Map<String, String> types) {
        StringBuilder s = new StringBuilder("{");
        shapes.forEach((name, shape) -> s.append(s.length() > 1 ? ", " : "").append(name).append(' ')
                .append(types.get(name)).append(' ').append(Arrays.toString(shape)));
        return s.append('}').toString();
    }
}
