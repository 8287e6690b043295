package io.editstream.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * T5's SentencePiece unigram tokenizer (FLUX.1's {@code tokenizer_2/}), giving the ids sentencepiece
 * 0.1.97 and transformers' T5Tokenizer give, read from {@code tokenizer.json} (tokenizers' Unigram
 * model) or, without it, from {@code spiece.model}. Added tokens ({@code <pad>}, {@code </s>},
 * {@code <unk>}, {@code <extra_id_N>}) are matched literally in the raw text, leftmost and longest
 * first; each stretch between them is normalized as sentencepiece does (precompiled charsmap, extra
 * whitespace removed, spaces as ▁, one ▁ prepended) and split by Viterbi over the pieces, maximising
 * the float sum of their scores; a character no piece covers costs the lowest score − 10 and becomes
 * {@code <unk>}, consecutive ones one {@code <unk>}. A sequence is tokens… {@code </s>}, padded with
 * {@code <pad>} to a fixed length (512 for FLUX); longer texts keep their first length − 1 tokens.
 */
public final class T5Tokenizer {
    public static final int DEFAULT_LENGTH = 512;
    public static final String EOS = "</s>";
    public static final String PAD = "<pad>";
    /** sentencepiece's kUnkPenalty: an unknown character scores this much below the lowest piece. */
    private static final float UNK_PENALTY = 10.0f;
    private static final int DEFAULT_EXTRA_IDS = 100;   // T5Tokenizer's default, used when no config says otherwise
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrecompiledCharsMap normalizer;
    private final boolean addDummyPrefix;
    private final boolean removeExtraWhitespaces;
    private final PieceTrie trie;
    private final float[] scores;
    private final float unkScore;
    private final int unkId;
    private final int eosId;
    private final int padId;
    private final int vocabSize;
    private final Map<String, Integer> literals;
    private final Map<Character, String[]> literalsByFirstChar = new HashMap<>();

    /**
     * @param pieces    the vocabulary by id; null entries (controls, unknown, unused) are never produced by Viterbi
     * @param scores    each piece's score (float, as sentencepiece sums them)
     * @param literals  added tokens matched in the raw text, with their ids
     */
    private T5Tokenizer(String[] pieces, float[] scores, int unkId, int eosId, int padId, Map<String, Integer> literals,
                        PrecompiledCharsMap normalizer, boolean addDummyPrefix, boolean removeExtraWhitespaces) {
        this.normalizer = normalizer;
        this.addDummyPrefix = addDummyPrefix;
        this.removeExtraWhitespaces = removeExtraWhitespaces;
        this.scores = scores;
        this.trie = new PieceTrie(pieces);
        float min = Float.MAX_VALUE;
        for (int id = 0; id < pieces.length; id++) {
            if (pieces[id] != null) {
                min = Math.min(min, scores[id]);
            }
        }
        this.unkScore = (pieces.length == 0 ? 0 : min) - UNK_PENALTY;
        this.unkId = unkId;
        this.eosId = eosId;
        this.padId = padId;
        this.literals = Map.copyOf(literals);
        int max = pieces.length - 1;
        for (int id : literals.values()) {
            max = Math.max(max, id);
        }
        this.vocabSize = max + 1;
        Map<Character, List<String>> byFirst = new HashMap<>();
        literals.keySet().stream().filter(t -> !t.isEmpty())
                .forEach(t -> byFirst.computeIfAbsent(t.charAt(0), c -> new ArrayList<>()).add(t));
        byFirst.forEach((c, tokens) -> literalsByFirstChar.put(c, tokens.stream()
                .sorted((a, b) -> Integer.compare(b.length(), a.length())).toArray(String[]::new)));
    }

    /** Loads a tokenizer folder: tokenizer.json (preferred) or spiece.model, with the extra ids of tokenizer_config.json. */
    public static T5Tokenizer load(Path dir) {
        Path tokenizerJson = dir.resolve("tokenizer.json");
        Path spieceModel = dir.resolve("spiece.model");
        if (Files.isRegularFile(tokenizerJson)) {
            return fromTokenizerJson(dir, tokenizerJson);
        }
        if (Files.isRegularFile(spieceModel)) {
            return fromSpieceModel(dir, spieceModel);
        }
        throw new BundleException("T5 tokenizer " + tokenizerJson + " and " + spieceModel
                + " are missing; expected the tokenizer_2/ folder of a FLUX.1 export (a tokenizers Unigram"
                + " tokenizer.json or a sentencepiece spiece.model)");
    }

    private static T5Tokenizer fromSpieceModel(Path dir, Path file) {
        SentencePieceModel model;
        try {
            model = SentencePieceModel.parse(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new BundleException("sentencepiece model " + file + " cannot be read: " + e.getMessage(), e);
        }
        if (model.modelType() != SentencePieceModel.UNIGRAM || !model.escapeWhitespaces()) {
            throw new BundleException("sentencepiece model " + file + " has model type " + model.modelType()
                    + (model.escapeWhitespaces() ? "" : " without escape_whitespaces")
                    + "; expected a unigram model (type 1) that writes spaces as \u2581, as T5's spiece.model");
        }
        List<SentencePieceModel.Piece> pieces = model.pieces();
        String[] usable = new String[pieces.size()];
        float[] scores = new float[pieces.size()];
        Map<String, Integer> literals = new HashMap<>();
        for (int id = 0; id < pieces.size(); id++) {
            SentencePieceModel.Piece p = pieces.get(id);
            scores[id] = p.score();
            switch (p.type()) {
                case SentencePieceModel.Piece.NORMAL -> usable[id] = p.piece();
                // sentencepiece extracts user-defined symbols whole; transformers matches controls and
                // <unk> as added tokens; unused and byte pieces never come out of the unigram search
                case SentencePieceModel.Piece.USER_DEFINED, SentencePieceModel.Piece.CONTROL,
                        SentencePieceModel.Piece.UNKNOWN -> literals.putIfAbsent(p.piece(), id);
                default -> { }
            }
        }
        // T5Tokenizer appends <extra_id_i> as id len(sp) - 1 + extra_ids - i: the last one first
        int extraIds = extraIds(dir);
        for (int i = 0; i < extraIds; i++) {
            literals.putIfAbsent("<extra_id_" + i + ">", pieces.size() - 1 + extraIds - i);
        }
        int unk = checkedId(model.unkId(), pieces.size(), "unk_id", file);
        int eos = checkedId(model.eosId(), pieces.size(), "eos_id", file);
        int pad = checkedId(model.padId(), pieces.size(), "pad_id", file);
        return new T5Tokenizer(usable, scores, unk, eos, pad, literals,
                PrecompiledCharsMap.parse(model.precompiledCharsMap(), file.toString()), model.addDummyPrefix(),
                model.removeExtraWhitespaces());
    }

    private static int checkedId(int id, int size, String field, Path file) {
        if (id < 0 || id >= size) {
            throw new BundleException("sentencepiece model " + file + " has trainer_spec." + field + " " + id
                    + "; expected an id below its " + size + " pieces (T5: pad 0, eos 1, unk 2)");
        }
        return id;
    }

    private static int extraIds(Path dir) {
        Path config = dir.resolve("tokenizer_config.json");
        if (!Files.isRegularFile(config)) {
            return DEFAULT_EXTRA_IDS;
        }
        try {
            return JSON.readTree(config.toFile()).path("extra_ids").asInt(DEFAULT_EXTRA_IDS);
        } catch (IOException e) {
            throw new BundleException("tokenizer config " + config + " is not valid JSON: " + oneLine(e), e);
        }
    }

    private static T5Tokenizer fromTokenizerJson(Path dir, Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new BundleException("T5 tokenizer " + file + " is not valid JSON (" + oneLine(e)
                    + "); expected a tokenizers tokenizer.json with a Unigram model", e);
        }
        JsonNode model = root.path("model");
        if (!"Unigram".equals(model.path("type").asText())) {
            throw new BundleException("T5 tokenizer " + file + " has model type '" + model.path("type").asText()
                    + "'; expected a Unigram model with vocab [[piece, score], …] and unk_id");
        }
        JsonNode vocab = model.path("vocab");
        if (!vocab.isArray() || vocab.isEmpty() || !model.path("unk_id").canConvertToInt()) {
            throw new BundleException("T5 tokenizer " + file + " has no Unigram vocab or unk_id; expected"
                    + " model.vocab [[piece, score], …] and an integer model.unk_id");
        }
        String[] pieces = new String[vocab.size()];
        float[] scores = new float[vocab.size()];
        for (int id = 0; id < vocab.size(); id++) {
            JsonNode entry = vocab.get(id);
            if (!entry.isArray() || entry.size() != 2 || !entry.get(0).isTextual() || !entry.get(1).isNumber()) {
                throw new BundleException("T5 tokenizer " + file + " has vocab entry " + id + " " + entry
                        + "; expected [piece, score]");
            }
            pieces[id] = entry.get(0).asText();
            scores[id] = (float) entry.get(1).asDouble();   // sentencepiece's scores are floats; the JSON holds them exactly
        }
        int unk = model.path("unk_id").asInt();
        Map<String, Integer> literals = new HashMap<>();
        for (JsonNode token : root.path("added_tokens")) {
            int id = token.path("id").asInt(-1);
            String content = token.path("content").asText("");
            if (id < 0 || content.isEmpty()) {
                throw new BundleException("T5 tokenizer " + file + " has added token " + token
                        + "; expected {\"id\": n, \"content\": text, …}");
            }
            literals.put(content, id);
            if (token.path("special").asBoolean(false) && id < pieces.length) {
                pieces[id] = null;   // matched literally, never by the unigram search (nor counted in its lowest score)
            }
        }
        if (unk < 0 || unk >= pieces.length) {
            throw new BundleException("T5 tokenizer " + file + " has unk_id " + unk + "; expected an id below its "
                    + pieces.length + " pieces");
        }
        literals.putIfAbsent(vocab.get(unk).get(0).asText(), unk);
        pieces[unk] = null;
        Pipeline pipeline = new Pipeline(file);
        pipeline.normalizer(root.path("normalizer"));
        pipeline.preTokenizer(root.path("pre_tokenizer"));
        int eos = eosId(root.path("post_processor"), literals, file);
        String padToken = padToken(dir);
        Integer pad = literals.get(padToken);
        if (pad == null) {
            throw new BundleException("T5 tokenizer " + file + " has no added token " + padToken
                    + "; expected the pad token among added_tokens");
        }
        return new T5Tokenizer(pieces, scores, unk, eos, pad, literals, pipeline.charsMap, pipeline.addDummyPrefix,
                pipeline.removeExtraWhitespaces);
    }

    /** The id of the special token T5's "$A </s>" template appends; </s> itself without a template. */
    private static int eosId(JsonNode post, Map<String, Integer> literals, Path file) {
        String token = EOS;
        for (JsonNode part : post.path("single")) {
            if (part.has("SpecialToken")) {
                token = part.path("SpecialToken").path("id").asText(token);
            }
        }
        JsonNode ids = post.path("special_tokens").path(token).path("ids");
        if (ids.isArray() && ids.size() == 1 && ids.get(0).canConvertToInt()) {
            return ids.get(0).asInt();
        }
        Integer id = literals.get(token);
        if (id == null) {
            throw new BundleException("T5 tokenizer " + file + " has no id for its end token " + token
                    + "; expected it among added_tokens or the post_processor's special_tokens");
        }
        return id;
    }

    /** pad_token of special_tokens_map.json or tokenizer_config.json (string or {"content": …}); T5's default is <pad>. */
    private static String padToken(Path dir) {
        for (String name : List.of("special_tokens_map.json", "tokenizer_config.json")) {
            Path path = dir.resolve(name);
            if (Files.isRegularFile(path)) {
                try {
                    JsonNode pad = JSON.readTree(path.toFile()).path("pad_token");
                    String text = pad.isObject() ? pad.path("content").asText("") : pad.asText("");
                    if (!text.isEmpty()) {
                        return text;
                    }
                } catch (IOException e) {
                    throw new BundleException("tokenizer file " + path + " is not valid JSON: " + oneLine(e), e);
                }
            }
        }
        return PAD;
    }

    private static String oneLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** The token ids of {@code text} followed by {@code </s>}: unpadded, untruncated. */
    public int[] ids(String text) {
        IntList out = new IntList(text == null ? 1 : text.length() / 3 + 2);
        if (text != null) {
            tokenize(text, out);
        }
        out.add(eosId);
        return out.toArray();
    }

    /** [1, length] ids: the first length − 1 tokens, {@code </s>}, then {@code <pad>} (FLUX: max_length 512, truncation). */
    public LongTensor encode(String text, int length) {
        if (length < 1) {
            throw new IllegalArgumentException("length must leave room for the end token, got " + length);
        }
        IntList ids = new IntList(Math.min(length, 1024));
        if (text != null) {
            tokenize(text, ids);
        }
        long[] out = new long[length];
        Arrays.fill(out, padId);
        int n = Math.min(ids.size(), length - 1);
        for (int i = 0; i < n; i++) {
            out[i] = ids.get(i);
        }
        out[n] = eosId;
        return new LongTensor(new long[] {1, length}, out);
    }

    /** The ids of {@code <pad>}, {@code </s>} and {@code <unk>} (0, 1 and 2 in T5). */
    public record SpecialIds(int pad, int eos, int unk) {
    }

    public SpecialIds specialIds() {
        return new SpecialIds(padId, eosId, unkId);
    }

    /** Pieces plus added tokens (extra ids included): the rows the text encoder's embedding must have. */
    public int vocabSize() {
        return vocabSize;
    }

    /** Splits off the added tokens (leftmost, longest first) and encodes the text between them. */
    private void tokenize(String text, IntList out) {
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            String[] candidates = literalsByFirstChar.get(text.charAt(i));
            String hit = null;
            if (candidates != null) {
                for (String c : candidates) {
                    if (text.startsWith(c, i)) {
                        hit = c;
                        break;
                    }
                }
            }
            if (hit == null) {
                i++;
                continue;
            }
            viterbi(normalizer.normalize(text.substring(start, i), addDummyPrefix, removeExtraWhitespaces), out);
            out.add(literals.get(hit));
            i += hit.length();
            start = i;
        }
        viterbi(normalizer.normalize(text.substring(start), addDummyPrefix, removeExtraWhitespaces), out);
    }

    /**
     * sentencepiece's EncodeOptimized: for each character boundary in order, every piece starting there
     * improves the best path ending where it ends (strictly greater float sum wins, so earlier starts and
     * shorter pieces keep ties); a character with no one-character piece gets an unknown node instead.
     */
    private void viterbi(String s, IntList out) {
        int n = s.length();
        if (n == 0) {
            return;
        }
        float[] best = new float[n + 1];
        int[] from = new int[n + 1];
        int[] id = new int[n + 1];
        Arrays.fill(from, -1);
        int start = 0;
        while (start < n) {
            int charLength = Character.isHighSurrogate(s.charAt(start)) && start + 1 < n
                    && Character.isLowSurrogate(s.charAt(start + 1)) ? 2 : 1;
            float base = best[start];
            boolean coversChar = false;
            int node = PieceTrie.ROOT;
            for (int k = start; k < n; k++) {
                node = trie.child(node, s.charAt(k));
                if (node < 0) {
                    break;
                }
                int piece = trie.piece(node);
                if (piece >= 0) {
                    int end = k + 1;
                    float candidate = scores[piece] + base;
                    if (from[end] == -1 || candidate > best[end]) {
                        best[end] = candidate;
                        from[end] = start;
                        id[end] = piece;
                    }
                    coversChar |= end - start == charLength;
                }
            }
            if (!coversChar) {
                int end = start + charLength;
                float candidate = unkScore + base;
                if (from[end] == -1 || candidate > best[end]) {
                    best[end] = candidate;
                    from[end] = start;
                    id[end] = unkId;
                }
            }
            start += charLength;
        }
        int first = out.size();
        for (int end = n; end > 0; end = from[end]) {
            out.add(id[end]);
        }
        out.reverseFrom(first);
        out.mergeRuns(first, unkId);   // sentencepiece joins consecutive unknown pieces into one
    }

    /** Reads the normalizer and pre-tokenizer of a tokenizer.json into sentencepiece's normalizer settings. */
    private static final class Pipeline {
        private final Path file;
        PrecompiledCharsMap charsMap = PrecompiledCharsMap.IDENTITY;
        boolean addDummyPrefix;
        boolean removeExtraWhitespaces;

        Pipeline(Path file) {
            this.file = file;
        }

        void normalizer(JsonNode node) {
            if (node.isMissingNode() || node.isNull()) {
                return;
            }
            switch (node.path("type").asText()) {
                case "Sequence" -> node.path("normalizers").forEach(this::normalizer);
                case "Precompiled" -> {
                    String base64 = node.path("precompiled_charsmap").asText("");
                    try {
                        charsMap = PrecompiledCharsMap.parse(Base64.getDecoder().decode(base64), file.toString());
                    } catch (IllegalArgumentException e) {
                        throw new BundleException("T5 tokenizer " + file + " has a precompiled_charsmap that is not"
                                + " base64 (" + e.getMessage() + "); expected sentencepiece's charsmap blob");
                    }
                }
                // T5Converter's Replace(" {2,}", " ") and newer converters' Strip stand for remove_extra_whitespaces
                case "Replace" -> {
                    JsonNode pattern = node.path("pattern");
                    String text = pattern.has("Regex") ? pattern.path("Regex").asText() : pattern.path("String").asText();
                    if (!text.startsWith(" ")) {
                        unsupported("normalizer Replace of '" + text + "'", "Replace of runs of spaces");
                    }
                    removeExtraWhitespaces = true;
                }
                case "Strip" -> removeExtraWhitespaces = true;
                default -> unsupported("normalizer " + node.path("type").asText(), "Sequence, Precompiled, Replace, Strip");
            }
        }

        void preTokenizer(JsonNode node) {
            if (node.isMissingNode() || node.isNull()) {
                return;
            }
            switch (node.path("type").asText()) {
                case "Sequence" -> node.path("pretokenizers").forEach(this::preTokenizer);
                case "WhitespaceSplit" -> removeExtraWhitespaces = true;
                case "Metaspace" -> {
                    if (!"\u2581".equals(node.path("replacement").asText("\u2581"))) {
                        unsupported("Metaspace replacement '" + node.path("replacement").asText() + "'", "\u2581");
                    }
                    // tokenizers < 0.14 wrote add_prefix_space, later ones prepend_scheme (always / first / never)
                    addDummyPrefix = node.has("prepend_scheme")
                            ? !"never".equals(node.path("prepend_scheme").asText())
                            : node.path("add_prefix_space").asBoolean(true);
                }
                default -> unsupported("pre_tokenizer " + node.path("type").asText(), "Metaspace, WhitespaceSplit, Sequence");
            }
        }

        private void unsupported(String what, String expected) {
            throw new BundleException("T5 tokenizer " + file + " has " + what + ", which sentencepiece's T5 pipeline"
                    + " does not have; expected " + expected);
        }
    }

    /** A character trie over the usable pieces, frozen into arrays: children sorted by label per node. */
    private static final class PieceTrie {
        static final int ROOT = 0;
        private final int[] childStart;
        private final int[] childCount;
        private final char[] labels;
        private final int[] targets;
        private final int[] pieces;

        PieceTrie(String[] vocab) {
            List<TreeMap<Character, Integer>> children = new ArrayList<>();
            List<Integer> pieceOf = new ArrayList<>();
            children.add(new TreeMap<>());
            pieceOf.add(-1);
            for (int id = 0; id < vocab.length; id++) {
                String piece = vocab[id];
                if (piece == null || piece.isEmpty()) {
                    continue;
                }
                int node = ROOT;
                for (int i = 0; i < piece.length(); i++) {
                    Integer next = children.get(node).get(piece.charAt(i));
                    if (next == null) {
                        next = children.size();
                        children.add(new TreeMap<>());
                        pieceOf.add(-1);
                        children.get(node).put(piece.charAt(i), next);
                    }
                    node = next;
                }
                if (pieceOf.get(node) < 0) {   // a duplicate piece keeps its first id, as sentencepiece's map does
                    pieceOf.set(node, id);
                }
            }
            int nodes = children.size();
            childStart = new int[nodes];
            childCount = new int[nodes];
            pieces = new int[nodes];
            labels = new char[nodes - 1];
            targets = new int[nodes - 1];
            int edge = 0;
            for (int node = 0; node < nodes; node++) {
                pieces[node] = pieceOf.get(node);
                childStart[node] = edge;
                childCount[node] = children.get(node).size();
                for (Map.Entry<Character, Integer> e : children.get(node).entrySet()) {
                    labels[edge] = e.getKey();
                    targets[edge++] = e.getValue();
                }
            }
        }

        /** The child of {@code node} along {@code c}, or −1. */
        int child(int node, char c) {
            int lo = childStart[node];
            int hi = lo + childCount[node] - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                char label = labels[mid];
                if (label < c) {
                    lo = mid + 1;
                } else if (label > c) {
                    hi = mid - 1;
                } else {
                    return targets[mid];
                }
            }
            return -1;
        }

        /** The piece id ending at {@code node}, or −1. */
        int piece(int node) {
            return pieces[node];
        }
    }

    /** A growable int array, so that a 512-token prompt boxes nothing. */
    private static final class IntList {
        private int[] values;
        private int size;

        IntList(int capacity) {
            values = new int[Math.max(capacity, 4)];
        }

        void add(int v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        int get(int i) {
            return values[i];
        }

        int size() {
            return size;
        }

        void reverseFrom(int from) {
            for (int i = from, j = size - 1; i < j; i++, j--) {
                int t = values[i];
                values[i] = values[j];
                values[j] = t;
            }
        }

        /** Keeps one of each run of {@code value} at or after {@code from}. */
        void mergeRuns(int from, int value) {
            int w = from;
            for (int r = from; r < size; r++) {
                if (values[r] != value || w == from || values[w - 1] != value) {
                    values[w++] = values[r];
                }
            }
            size = w;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
