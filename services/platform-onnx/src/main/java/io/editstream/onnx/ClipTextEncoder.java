package io.editstream.onnx;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * The CLIP text encoder of a diffusers/Optimum export ({@code text_encoder/model.onnx}: input_ids int32 or
 * int64 [B,77] → last_hidden_state [B,77,D], pooler_output [B,D]) with the export's BPE tokenizer
 * ({@code tokenizer/}). A text becomes its hidden states [77, D]: InstructPix2Pix's text conditioning, and
 * its null conditioning is the encoding of "". The graph's signature is checked on load, so a wrong file
 * fails at start-up with the expected signature in the message.
 */
public record ClipTextEncoder(OnnxModel model, ClipTokenizer tokenizer, int tokens, int width) implements AutoCloseable {
    static final String SIGNATURE = "input_ids int32|int64 [B,77] -> last_hidden_state float [B,77,D] (pooler_output [B,D])";

    /** The {@code text_encoder} role and the {@code tokenizer/} folder (or the manifest's "tokenizerDir") of an Optimum bundle. */
    public static ClipTextEncoder load(ModelBundle bundle, Device device) {
        Path file = graphFile(bundle, "text_encoder", "a CLIP text encoder", SIGNATURE);
        String dir = bundle.manifest().path("tokenizerDir").asText("tokenizer");
        ClipTokenizer tokenizer = ClipTokenizer.load(bundle.dir().resolve(dir));
        OnnxModel model = loadChecked(file, device, SIGNATURE);
        long[] ids = model.inputShapes().get("input_ids");
        int tokens = ids[1] > 0 ? (int) ids[1] : ClipTokenizer.DEFAULT_LENGTH;
        return new ClipTextEncoder(model, tokenizer, tokens, (int) model.outputShapes().get("last_hidden_state")[2]);
    }

    /** The bundle's file for {@code role}, or a refusal saying what {@code signature} the missing graph should have. */
    static Path graphFile(ModelBundle bundle, String role, String what, String signature) {
        try {
            return bundle.file(role);
        } catch (BundleException e) {
            throw new BundleException(e.getMessage() + "; " + what + " is expected there: " + signature, e);
        }
    }

    /**
     * A text encoder graph (input_ids int32|int64 [B,L] alone in, last_hidden_state [B,L,D] with a fixed D out), else
     * a refusal naming the file, {@code signature} and what the graph has.
     */
    static OnnxModel loadChecked(Path file, Device device, String signature) {
        OnnxModel model = OnnxModel.load(file, device);
        long[] ids = model.inputShapes().get("input_ids");
        long[] hidden = model.outputShapes().get("last_hidden_state");
        boolean fits = ids != null && ids.length == 2 && Set.of("INT32", "INT64").contains(model.inputTypes().get("input_ids"))
                && model.inputShapes().size() == 1 && hidden != null && hidden.length == 3 && hidden[2] > 0;
        if (!fits) {
            String why = file + " has the wrong signature: expected " + signature + "; it takes "
                    + describe(model.inputShapes(), model.inputTypes()) + " and gives " + describe(model.outputShapes(), model.outputTypes());
            model.close();
            throw new BundleException(why);
        }
        return model;
    }

    static String describe(Map<String, long[]> shapes, Map<String, String> types) {
        StringBuilder s = new StringBuilder("{");
        shapes.forEach((name, shape) -> s.append(s.length() > 1 ? ", " : "").append(name).append(' ')
                .append(types.get(name)).append(' ').append(Arrays.toString(shape)));
        return s.append('}').toString();
    }

    /** The hidden states [tokens, width] of {@code text} (one row per token position). */
    public FloatTensor encode(String text) {
        LongTensor ids = tokenizer.encode(text, tokens);
        FloatTensor hidden = model.run(Map.of("input_ids", ids)).get("last_hidden_state");
        return new FloatTensor(new long[] {tokens, width}, hidden.data());
    }

    /**
     * CLIP's pooled projection [D] of {@code text}: {@code pooler_output}, the final hidden state at the end-of-text
     * token, which FLUX pipelines take as {@code pooled_prompt_embeds}. A graph without that output is refused.
     */
    public FloatTensor pooled(String text) {
        LongTensor ids = tokenizer.encode(text, tokens);
        FloatTensor pooled = model.run(Map.of("input_ids", ids)).get("pooler_output");
        if (pooled == null) {
            throw new BundleException(model.file() + " gives no pooler_output; a FLUX pipeline's CLIP text encoder must: " + SIGNATURE);
        }
        return new FloatTensor(new long[] {pooled.data().length}, pooled.data());
    }

    public String provider() {
        return model.provider();
    }

    @Override
    public void close() {
        model.close();
    }
}
