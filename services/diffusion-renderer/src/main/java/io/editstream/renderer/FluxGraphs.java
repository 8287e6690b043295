package io.editstream.renderer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.editstream.onnx.BundleException;
import io.editstream.onnx.ModelBundle;
import io.editstream.onnx.OnnxModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Start-up checks of a FLUX.1 Kontext bundle's graphs against the Optimum signature (optimum's
 * FluxTransformerOnnxConfig, diffusers ≥ 0.31: ids without a batch axis), so a wrong export fails naming the
 * file and the expected signature rather than on the first request. Dynamic axes (-1) match anything. The
 * latent channels C come from the VAE decoder; the transformer's token width must be 4C (2×2 packing).
 */
final class FluxGraphs {
    static final String TRANSFORMER = "hidden_states float[B,S,4C], encoder_hidden_states float[B,L,Dt], pooled_projections float[B,P],"
            + " timestep float[B], img_ids float[S,3], txt_ids float[L,3], guidance float[B] (guidance-distilled models)"
            + " -> out_hidden_states [B,S,4C]";
    static final String VAE_ENCODER = VaeGraphs.ENCODER;
    static final String VAE_DECODER = VaeGraphs.DECODER;
    private static final Set<String> FLOATS = Set.of("FLOAT", "FLOAT16", "BFLOAT16");

    /** What the checked graphs say: latent channels C, text width Dt (-1: any), pooled width P, and whether guidance is an input. */
    record Dims(int latentChannels, long textWidth, int pooledWidth, boolean guidanceInput) {
    }

    private FluxGraphs() {
    }

    /** transformer/config.json's guidance_embeds (true when absent: every Kontext checkpoint is guidance-distilled). */
    static boolean guidanceEmbeds(ModelBundle bundle) {
        Path config = bundle.dir().resolve("transformer").resolve("config.json");
        if (!Files.isRegularFile(config)) {
            return true;
        }
        try {
            return new ObjectMapper().readTree(config.toFile()).path("guidance_embeds").asBoolean(true);
        } catch (IOException e) {
            throw new BundleException("cannot read " + config + " as JSON: " + e.getMessage(), e);
        }
    }

    /** The dims after checking the transformer and its agreement with the VAE; {@code guidanceEmbeds}: it must take guidance. */
    static Dims check(OnnxModel transformer, VaeGraphs vae, boolean guidanceEmbeds) {
        Map<String, long[]> in = transformer.inputShapes();
        Map<String, String> types = transformer.inputTypes();
        boolean guidance = in.containsKey("guidance");
        if (guidanceEmbeds && !guidance) {
            throw new BundleException(transformer.file() + " has no guidance input, but its config.json says guidance_embeds true"
                    + " (a guidance-distilled model); expected " + TRANSFORMER);
        }
        boolean fits = in.size() == (guidance ? 7 : 6)
                && floats(in, types, "hidden_states", 3) && floats(in, types, "encoder_hidden_states", 3)
                && floats(in, types, "pooled_projections", 2) && floats(in, types, "timestep", 1)
                && floats(in, types, "img_ids", 2) && floats(in, types, "txt_ids", 2)
                && (!guidance || floats(in, types, "guidance", 1))
                && in.get("img_ids")[1] == 3 && in.get("txt_ids")[1] == 3 && in.get("pooled_projections")[1] > 0
                && VaeGraphs.rank(transformer.outputShapes(), "out_hidden_states", 3);
        if (!fits) {
            throw RendererGraphs.wrong(transformer, TRANSFORMER);
        }
        long latent = vae.latentChannels();
        long tokenWidth = in.get("hidden_states")[2];
        if (latent < 0) {
            latent = tokenWidth > 0 ? tokenWidth / 4 : 16;
        }
        long moments = vae.momentChannels();
        long outWidth = transformer.outputShapes().get("out_hidden_states")[2];
        if ((tokenWidth > 0 && tokenWidth != 4 * latent) || (outWidth > 0 && outWidth != 4 * latent) || (moments > 0 && moments != 2 * latent)) {
            throw new BundleException("FLUX graphs disagree on the latent channels: " + transformer.file() + " hidden_states/out_hidden_states have "
                    + tokenWidth + "/" + outWidth + " values per token (expected 4C), " + vae.decoder().file() + " latent_sample has C = "
                    + latent + ", " + vae.encoder().file() + " latent_parameters has " + moments + " channels (expected 2C); signatures:"
                    + " transformer " + TRANSFORMER + "; vae_encoder " + VAE_ENCODER + "; vae_decoder " + VAE_DECODER);
        }
        return new Dims((int) latent, in.get("encoder_hidden_states")[2], (int) in.get("pooled_projections")[1], guidance);
    }

    private static boolean floats(Map<String, long[]> shapes, Map<String, String> types, String name, int rank) {
        return VaeGraphs.rank(shapes, name, rank) && FLOATS.contains(types.get(name));
    }
}
