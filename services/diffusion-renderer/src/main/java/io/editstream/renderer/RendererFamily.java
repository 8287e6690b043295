package io.editstream.renderer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.editstream.onnx.BundleException;
import io.editstream.onnx.ModelBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The two diffusion families the renderer runs. A bundle says which it is in its {@code bundle.json}
 * ({@code "family": "instruct-pix2pix"} or {@code "flux-kontext"}); without that, the diffusers
 * {@code model_index.json}'s {@code _class_name} decides (FluxKontextPipeline → FLUX Kontext), and a bundle
 * with neither is the InstructPix2Pix family, as every renderer bundle was before FLUX.
 */
public enum RendererFamily {
    /** ε/v-prediction UNet on [noise ⊕ source latents], CFG on text and image. */
    INSTRUCT_PIX2PIX("instruct-pix2pix"),
    /** Flow-matching transformer on packed [noise tokens, reference tokens], guidance-distilled. */
    FLUX_KONTEXT("flux-kontext");

    private final String id;

    RendererFamily(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static RendererFamily of(ModelBundle bundle) {
        JsonNode declared = bundle.manifest().path("family");
        if (declared.isTextual()) {
            String name = declared.asText().toLowerCase(Locale.ROOT);
            for (RendererFamily family : values()) {
                if (family.id.equals(name)) {
                    return family;
                }
            }
            throw new BundleException("renderer bundle " + bundle.dir() + ": bundle.json \"family\" is '" + declared.asText()
                    + "'; expected \"instruct-pix2pix\" or \"flux-kontext\"");
        }
        Path index = bundle.dir().resolve("model_index.json");
        if (Files.isRegularFile(index)) {
            try {
                String pipeline = new ObjectMapper().readTree(index.toFile()).path("_class_name").asText("");
                if (pipeline.contains("FluxKontext")) {
                    return FLUX_KONTEXT;
                }
            } catch (IOException e) {
                throw new BundleException("cannot read " + index + " as JSON: " + e.getMessage(), e);
            }
        }
        return INSTRUCT_PIX2PIX;
    }
}
