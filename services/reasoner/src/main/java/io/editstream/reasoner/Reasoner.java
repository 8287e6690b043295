package io.editstream.reasoner;

import com.fasterxml.jackson.databind.JsonNode;
import io.editstream.events.ReasoningType;
import io.editstream.onnx.BundleException;
import io.editstream.onnx.Device;
import io.editstream.onnx.FloatTensor;
import io.editstream.onnx.ImageTensors;
import io.editstream.onnx.LongTensor;
import io.editstream.onnx.ModelBundle;
import io.editstream.onnx.OnnxModel;
import io.editstream.onnx.WordTokenizer;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a (possibly hypothetical) instruction against its image with the {@code reasoner} bundle. The
 * encoder sees the normalised image and the tokenised instruction and yields the memory, the reasoning
 * type logits (softmax: the most likely type and its probability) and the guidance token states; the
 * decoder then writes the explicit instruction greedily, one token at a time from [BOS] over the growing
 * prefix, until [EOS] or {@code maxDecodeTokens}. Padding, [UNK] and [BOS] are never chosen as next tokens.
 * When nothing readable comes out, the original instruction stands as the explicit one.
 */
public final class Reasoner implements ReasoningBackend {
    private static final Logger LOG = LoggerFactory.getLogger(Reasoner.class);
    /** Order of {@code reasoning_logits} in the bundle contract, when the manifest does not list it. */
    private static final List<ReasoningType> CONTRACT_ORDER = List.of(ReasoningType.EXPLICIT, ReasoningType.PHYSICAL,
        ReasoningType.TEMPORAL, ReasoningType.CAUSAL, ReasoningType.STORY);
    private static final int DEFAULT_DECODE_TOKENS = 24;
    /** Tokens that never belong inside an explicit instruction. */
    private static final Set<Integer> NEVER_NEXT = Set.of(WordTokenizer.PAD, WordTokenizer.UNK, WordTokenizer.BOS);

    private final ModelBundle bundle;
    private final OnnxModel encoder;
    private final OnnxModel decoder;
    private final WordTokenizer tokenizer;
    private final int textTokens;
    private final int maxDecodeTokens;
    private final List<ReasoningType> types;

    private Reasoner(ModelBundle bundle, OnnxModel encoder, OnnxModel decoder, int maxDecodeTokens) {
        this.bundle = bundle;
        this.encoder = encoder;
        this.decoder = decoder;
        this.tokenizer = bundle.tokenizer();
        this.textTokens = bundle.textTokens(encoder, "encoder");
        this.maxDecodeTokens = decodeLimit(bundle, maxDecodeTokens);
        this.types = reasoningTypes(bundle);
    }

    /**
     * Loads encoder and decoder of {@code bundle}; closes what was opened if either fails.
     *
     * @param maxDecodeTokens most words of the explicit instruction; 0 or less takes the bundle's
     *                        {@code maxDecodeTokens} (24 when it has none)
     */
    public static Reasoner load(ModelBundle bundle, Device device, int maxDecodeTokens) {
        OnnxModel encoder = null;
        OnnxModel decoder = null;
        try {
            encoder = OnnxModel.load(bundle.file("encoder"), device);
            decoder = OnnxModel.load(bundle.file("decoder"), device);
            return new Reasoner(bundle, encoder, decoder, maxDecodeTokens);
        } catch (RuntimeException e) {
            closeAll(decoder, encoder);
            throw e;
        }
    }

    @Override
    public Reasoning reason(BufferedImage image, String instruction) {
        LongTensor ids = tokenizer.encode(instruction, textTokens);
        Map<String, FloatTensor> encoded = encoder.run(Map.of(
                "pixel_values", ImageTensors.toNormalizedChw(image, bundle.imageSize(), bundle.mean(), bundle.std()),
                "input_ids", ids,
                "attention_mask", tokenizer.attentionMask(ids)));
        float[] probabilities = softmax(encoded.get("reasoning_logits").data());
        if (probabilities.length != types.size()) {
            throw new BundleException("bundle " + bundle.name() + ": reasoning_logits has " + probabilities.length
                    + " classes but the manifest names " + types.size() + " reasoning types");
        }
        int best = argmax(probabilities, Set.of());
        String explicit = decode(encoded.get("memory"));
        if (explicit.isBlank()) {
            LOG.info("decoder wrote no words for '{}'; keeping the original instruction as the explicit one", instruction);
            explicit = instruction;
        }
        return new Reasoning(explicit, types.get(best), probabilities[best], encoded.get("guidance"), List.of(), "",
                bundle.name(), bundle.version());
    }

    /** Greedy decoding from [BOS] over the encoder memory. */
    String decode(FloatTensor memory) {
        List<Long> prefix = new ArrayList<>(List.of((long) WordTokenizer.BOS));
        List<Long> generated = new ArrayList<>();
        while (generated.size() < maxDecodeTokens) {
            long[] ids = prefix.stream().mapToLong(Long::longValue).toArray();
            FloatTensor logits = decoder.run(Map.of("memory", memory,
                    "decoder_input_ids", new LongTensor(new long[] {1, ids.length}, ids))).get("logits");
            int vocab = (int) logits.shape()[2];
            float[] last = Arrays.copyOfRange(logits.data(), (ids.length - 1) * vocab, ids.length * vocab);
            long next = argmax(last, NEVER_NEXT);
            if (next == WordTokenizer.EOS) {
                break;
            }
            prefix.add(next);
            generated.add(next);
        }
        return tokenizer.decode(generated.stream().mapToLong(Long::longValue).toArray()).strip();
    }

    static float[] softmax(float[] logits) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] exp = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            exp[i] = Math.exp(logits[i] - max);
            sum += exp[i];
        }
        float[] out = new float[logits.length];
        for (int i = 0; i < logits.length; i++) {
            out[i] = (float) (exp[i] / sum);
        }
        return out;
    }

    /** Index of the largest value, skipping the excluded indices; the first wins a tie. */
    static int argmax(float[] values, Set<Integer> excluded) {
        int best = -1;
        for (int i = 0; i < values.length; i++) {
            if (!excluded.contains(i) && (best < 0 || values[i] > values[best])) {
                best = i;
            }
        }
        return best;
    }

    /**
     * The configured limit, else the bundle's; never more than the decoder's positions allow, since the
     * [BOS]-led prefix grows by one position per word.
     */
    private static int decodeLimit(ModelBundle bundle, int configured) {
        int limit = configured > 0 ? configured : bundle.manifest().path("maxDecodeTokens").asInt(DEFAULT_DECODE_TOKENS);
        int positions = bundle.manifest().path("maxDecoderPositions").asInt(Integer.MAX_VALUE);
        if (limit > positions - 1) {
            LOG.warn("maxDecodeTokens {} exceeds what decoder of {} can see ({} positions); using {}", limit,
                    bundle.name(), positions, positions - 1);
            limit = positions - 1;
        }
        return limit;
    }

    /** Labels of reasoning_logits from the manifest's "reasoningTypes", else the contract order. */
    private static List<ReasoningType> reasoningTypes(ModelBundle bundle) {
        JsonNode labels = bundle.manifest().path("reasoningTypes");
        if (!labels.isArray() || labels.isEmpty()) {
            return CONTRACT_ORDER;
        }
        List<ReasoningType> types = new ArrayList<>();
        for (JsonNode label : labels) {
            try {
                types.add(ReasoningType.valueOf(label.asText()));
            } catch (IllegalArgumentException e) {
                throw new BundleException("bundle " + bundle.name() + ": unknown reasoning type '" + label.asText()
                        + "' in reasoningTypes; expected one of " + List.of(ReasoningType.values()));
            }
        }
        return List.copyOf(types);
    }

    public String modelId() {
        return bundle.name();
    }

    public String modelVersion() {
        return bundle.version();
    }

    @Override
    public String description() {
        return "model " + modelId() + " " + modelVersion() + " on " + provider();
    }

    /** The execution provider the encoder runs on, "CUDA" or "CPU". */
    public String provider() {
        return encoder.provider();
    }

    /** Closes each non-null model, even when an earlier one fails to close. */
    private static void closeAll(OnnxModel first, OnnxModel second) {
        try {
            if (first != null) {
                first.close();
            }
        } finally {
            if (second != null) {
                second.close();
            }
        }
    }

    @Override
    public void close() {
        closeAll(decoder, encoder);
    }
}
