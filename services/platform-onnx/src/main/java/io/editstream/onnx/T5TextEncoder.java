package io.editstream.onnx;

import java.nio.file.Path;
import java.util.Map;

/**
 * The T5 encoder of a FLUX pipeline export ({@code text_encoder_2/model.onnx}: input_ids int64 [B,L] →
 * last_hidden_state [B,L,D]) with its SentencePiece tokenizer ({@code tokenizer_2/}). A text becomes its hidden
 * states [L, D] at the pipeline's max_sequence_length (padded with {@code <pad>}, as FluxKontextPipeline asks the
 * tokenizer; no attention mask is passed, as diffusers passes none). The signature is checked on load.
 */
public record T5TextEncoder(OnnxModel model, T5Tokenizer tokenizer, int width) implements AutoCloseable {
    static final String SIGNATURE = "input_ids int32|int64 [B,L] -> last_hidden_state float [B,L,D]";

    /** The {@code text_encoder_2} role and the {@code tokenizer_2/} folder of an Optimum FLUX bundle. */
    public static T5TextEncoder load(ModelBundle bundle, Device device) {
        Path file = ClipTextEncoder.graphFile(bundle, "text_encoder_2", "a T5 encoder", SIGNATURE);
        T5Tokenizer tokenizer = T5Tokenizer.load(bundle.dir().resolve("tokenizer_2"));
        OnnxModel model = ClipTextEncoder.loadChecked(file, device, SIGNATURE);
        return new T5TextEncoder(model, tokenizer, (int) model.outputShapes().get("last_hidden_state")[2]);
    }

    /** The hidden states [maxLength, width] of {@code text}, truncated to fit. */
    public FloatTensor encode(String text, int maxLength) {
        LongTensor ids = tokenizer.encode(text, maxLength);
        FloatTensor hidden = model.run(Map.of("input_ids", ids)).get("last_hidden_state");
        return new FloatTensor(new long[] {maxLength, width}, hidden.data());
    }

    public String provider() {
        return model.provider();
    }

    @Override
    public void close() {
        model.close();
    }
}
