package io.editstream.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CLIP's byte-level BPE tokenizer (OpenAI's simple_tokenizer.py, as transformers' CLIPTokenizer runs it),
 * read from a Hugging Face {@code tokenizer/} folder: {@code vocab.json} + {@code merges.txt}, or
 * {@code tokenizer.json}. Text is HTML-unescaped, whitespace-collapsed, trimmed and lower-cased (ftfy's
 * mojibake repair is not reproduced); split by CLIP's pattern; each piece's UTF-8 bytes are mapped to
 * printable characters, "</w>" marks its last symbol, and the pair of lowest merge rank is merged until
 * none applies. A sequence is {@code <|startoftext|>} tokens… {@code <|endoftext|>} padded with the pad
 * token to the fixed length (77); longer texts keep their first length − 2 tokens.
 */
public final class ClipTokenizer {
    public static final int DEFAULT_LENGTH = 77;
    public static final String BOS = "<|startoftext|>";
    public static final String EOS = "<|endoftext|>";
    private static final Pattern PIECES = Pattern.compile(
            "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|\\p{L}+|\\p{N}|[^\\s\\p{L}\\p{N}]+",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern SPACES = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final char[] BYTE_CHARS = byteChars();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Integer> vocab;
    private final Map<String, Integer> ranks;
    private final SpecialIds special;
    private final Map<String, String> cache = new ConcurrentHashMap<>();

    ClipTokenizer(Map<String, Integer> vocab, List<String> merges, String padToken, String source) {
        this.vocab = Map.copyOf(vocab);
        this.ranks = new HashMap<>();
        for (int i = 0; i < merges.size(); i++) {
            ranks.putIfAbsent(merges.get(i), i);
        }
        this.special = new SpecialIds(required(BOS, source), required(EOS, source), required(padToken, source));
    }

    /** Loads a tokenizer folder: vocab.json + merges.txt (preferred) or tokenizer.json; the pad token from its config. */
    public static ClipTokenizer load(Path dir) {
        Path vocabJson = dir.resolve("vocab.json");
        Path mergesTxt = dir.resolve("merges.txt");
        Path tokenizerJson = dir.resolve("tokenizer.json");
        try {
            String pad = padToken(dir);
            if (Files.isRegularFile(vocabJson) && Files.isRegularFile(mergesTxt)) {
                Map<String, Integer> vocab = new HashMap<>();
                JSON.readTree(vocabJson.toFile()).fields().forEachRemaining(e -> vocab.put(e.getKey(), e.getValue().asInt()));
                List<String> merges = new ArrayList<>();
                for (String line : Files.readAllLines(mergesTxt, StandardCharsets.UTF_8)) {
                    if (!line.isBlank() && !line.startsWith("#version")) {
                        merges.add(line.strip());
                    }
                }
                return new ClipTokenizer(vocab, merges, pad, vocabJson.toString());
            }
            if (Files.isRegularFile(tokenizerJson)) {
                JsonNode model = JSON.readTree(tokenizerJson.toFile()).path("model");
                Map<String, Integer> vocab = new HashMap<>();
                model.path("vocab").fields().forEachRemaining(e -> vocab.put(e.getKey(), e.getValue().asInt()));
                List<String> merges = new ArrayList<>();
                // tokenizers writes merges as "a b" strings, or as ["a", "b"] pairs since 0.20
                model.path("merges").forEach(m -> merges.add(m.isArray() ? m.get(0).asText() + " " + m.get(1).asText() : m.asText()));
                return new ClipTokenizer(vocab, merges, pad, tokenizerJson.toString());
            }
        } catch (IOException e) {
            throw new BundleException("CLIP tokenizer in " + dir + " cannot be read: " + e.getMessage()
                    + "; expected vocab.json + merges.txt (or tokenizer.json)", e);
        }
        throw new BundleException("CLIP tokenizer " + vocabJson + " and " + mergesTxt + " (or " + tokenizerJson
                + ") are missing; expected the tokenizer/ folder of a Hugging Face CLIP export");
    }

    /** pad_token of special_tokens_map.json or tokenizer_config.json (string or {"content": …}); CLIP's default is <|endoftext|>. */
    private static String padToken(Path dir) throws IOException {
        for (String file : List.of("special_tokens_map.json", "tokenizer_config.json")) {
            Path path = dir.resolve(file);
            if (Files.isRegularFile(path)) {
                JsonNode padToken = JSON.readTree(path.toFile()).path("pad_token");
                String text = padToken.isObject() ? padToken.path("content").asText("") : padToken.asText("");
                if (!text.isEmpty()) {
                    return text;
                }
            }
        }
        return EOS;
    }

    private int required(String token, String source) {
        Integer id = vocab.get(token);
        if (id == null) {
            throw new BundleException("CLIP tokenizer " + source + " has no token " + token + " in its vocabulary");
        }
        return id;
    }

    /** CLIP's cleaning: HTML entities resolved (twice, as the reference does), whitespace runs collapsed, trimmed, lower-cased. */
    public static String clean(String text) {
        String unescaped = Html.unescape(Html.unescape(text == null ? "" : text));
        return SPACES.matcher(unescaped.strip()).replaceAll(" ").strip().toLowerCase(Locale.ROOT);
    }

    /** The BPE token ids of {@code text}, without start, end or padding. */
    public List<Integer> tokenIds(String text) {
        List<Integer> ids = new ArrayList<>();
        Matcher m = PIECES.matcher(clean(text));
        while (m.find()) {
            for (String symbol : bpe(toByteChars(m.group())).split(" ")) {
                ids.add(vocab.getOrDefault(symbol, special.eos()));   // unknown symbols become unk_token, <|endoftext|> for CLIP
            }
        }
        return ids;
    }

    /** [1, length] ids: start, the first length − 2 tokens, end, then padding. */
    public LongTensor encode(String text, int length) {
        if (length < 2) {
            throw new IllegalArgumentException("length must leave room for the start and end tokens, got " + length);
        }
        long[] out = new long[length];
        Arrays.fill(out, special.pad());
        List<Integer> ids = tokenIds(text);
        int n = Math.min(ids.size(), length - 2);
        out[0] = special.bos();
        for (int i = 0; i < n; i++) {
            out[i + 1] = ids.get(i);
        }
        out[n + 1] = special.eos();
        return new LongTensor(new long[] {1, length}, out);
    }

    /** The ids of the start, end and pad tokens, as the vocabulary and the config name them. */
    public record SpecialIds(int bos, int eos, int pad) {
    }

    public SpecialIds specialIds() {
        return special;
    }

    public int vocabSize() {
        return vocab.size();
    }

    private String bpe(String token) {
        if (token.equals(BOS) || token.equals(EOS)) {
            return token;
        }
        return cache.computeIfAbsent(token, this::merge);
    }

    private String merge(String token) {
        List<String> word = new ArrayList<>();
        for (int i = 0; i < token.length() - 1; i++) {
            word.add(String.valueOf(token.charAt(i)));
        }
        word.add(token.charAt(token.length() - 1) + "</w>");
        while (word.size() > 1) {
            String best = null;
            int bestRank = Integer.MAX_VALUE;
            for (int i = 0; i < word.size() - 1; i++) {
                Integer rank = ranks.get(word.get(i) + " " + word.get(i + 1));
                if (rank != null && rank < bestRank) {
                    bestRank = rank;
                    best = word.get(i) + " " + word.get(i + 1);
                }
            }
            if (best == null) {
                break;
            }
            String first = best.substring(0, best.indexOf(' '));
            String second = best.substring(best.indexOf(' ') + 1);
            List<String> merged = new ArrayList<>();
            for (int i = 0; i < word.size(); i++) {
                if (i < word.size() - 1 && word.get(i).equals(first) && word.get(i + 1).equals(second)) {
                    merged.add(first + second);
                    i++;
                } else {
                    merged.add(word.get(i));
                }
            }
            word = merged;
        }
        return String.join(" ", word);
    }

    private static String toByteChars(String piece) {
        byte[] bytes = piece.getBytes(StandardCharsets.UTF_8);
        StringBuilder s = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            s.append(BYTE_CHARS[b & 0xff]);
        }
        return s.toString();
    }

    /** GPT-2's bytes_to_unicode: printable bytes map to themselves, the rest to 256 + n in byte order. */
    private static char[] byteChars() {
        char[] chars = new char[256];
        int n = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            chars[b] = printable ? (char) b : (char) (256 + n++);
        }
        return chars;
    }

    /** The entities Python's html.unescape resolves most often: named basics and numeric references. */
    private static final class Html {
        private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,6}|#[xX][0-9a-fA-F]{1,5}|amp|lt|gt|quot|apos|nbsp);");
        private static final Map<String, String> NAMED = Map.of("amp", "&", "lt", "<", "gt", ">", "quot", "\"", "apos", "'",
                "nbsp", "\u00a0");

        static String unescape(String text) {
            if (text.indexOf('&') < 0) {
                return text;
            }
            Matcher m = ENTITY.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String name = m.group(1);
                String value;
                if (name.startsWith("#")) {
                    boolean hex = name.length() > 1 && (name.charAt(1) == 'x' || name.charAt(1) == 'X');
                    int code = Integer.parseInt(name.substring(hex ? 2 : 1), hex ? 16 : 10);
                    value = Character.isValidCodePoint(code) ? Character.toString(code) : null;
                } else {
                    value = NAMED.get(name);
                }
                m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
            }
            m.appendTail(out);
            return out.toString();
        }
    }
}
