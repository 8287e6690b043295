package io.editstream.onnx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Word-level tokenizer over a bundle's {@code vocab.txt} (one token a line, id = line number, with
 * [PAD]=0 [UNK]=1 [BOS]=2 [EOS]=3 first). Text is lower-cased and split into runs of letters/digits,
 * each other visible character being a token of its own; words not in the vocabulary become [UNK].
 * Encoded sequences are [BOS] words [EOS] then [PAD] up to the fixed length; a long text is cut so
 * that [EOS] is always kept.
 */
public final class WordTokenizer {

    public static final int PAD = 0;
    public static final int UNK = 1;
    public static final int BOS = 2;
    public static final int EOS = 3;
    private static final List<String> SPECIALS = List.of("[PAD]", "[UNK]", "[BOS]", "[EOS]");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+|[^\\p{L}\\p{N}\\s]");

    private final List<String> words;
    private final Map<String, Integer> ids;

    private WordTokenizer(List<String> words) {
        this.words = List.copyOf(words);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < words.size(); i++) {
            index.putIfAbsent(words.get(i), i);
        }
        this.ids = Collections.unmodifiableMap(index);
    }

    public static WordTokenizer load(Path vocabTxt) {
        List<String> lines;
        try {
            lines = Files.readAllLines(vocabTxt, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BundleException("vocabulary " + vocabTxt + " cannot be read (" + e + "); expected a UTF-8 "
                    + "vocab.txt with one token per line", e);
        }
        List<String> words = new ArrayList<>();
        for (String line : lines) {
            String w = line.strip();
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return of(words, vocabTxt.toString());
    }

    /** A tokenizer over an in-memory vocabulary; {@code source} names it in error messages. */
    public static WordTokenizer of(List<String> words, String source) {
        if (words.size() < SPECIALS.size() || !words.subList(0, SPECIALS.size()).equals(SPECIALS)) {
            throw new BundleException("vocabulary " + source + " must start with " + SPECIALS + " on its first lines");
        }
        return new WordTokenizer(words);
    }

    /** Lower-cased words and punctuation of {@code text}, before vocabulary lookup. */
    public static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(text == null ? "" : text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** [1, maxTokens]: [BOS] words [EOS] [PAD]...; words beyond maxTokens - 2 are dropped. */
    public LongTensor encode(String text, int maxTokens) {
        if (maxTokens < 2) {
            throw new IllegalArgumentException("maxTokens must leave room for [BOS] and [EOS], got " + maxTokens);
        }
        long[] out = new long[maxTokens];
        int n = 0;
        out[n++] = BOS;
        for (String word : split(text)) {
            if (n == maxTokens - 1) {
                break;
            }
            out[n++] = id(word);
        }
        out[n] = EOS;
        return new LongTensor(new long[] {1, maxTokens}, out);
    }

    /** 1 for every real token (including [BOS]/[EOS]), 0 for [PAD]; same shape as {@code ids}. */
    public LongTensor attentionMask(LongTensor ids) {
        long[] mask = new long[ids.data().length];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = ids.data()[i] == PAD ? 0 : 1;
        }
        return new LongTensor(ids.shape().clone(), mask);
    }

    /** Words joined by single spaces; [BOS] and [PAD] are skipped and decoding stops at [EOS]. */
    public String decode(long[] tokenIds) {
        StringBuilder text = new StringBuilder();
        for (long id : tokenIds) {
            if (id == EOS) {
                break;
            }
            if (id == BOS || id == PAD) {
                continue;
            }
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(word(id));
        }
        return text.toString();
    }

    /** The id of {@code word} (already lower-case), or [UNK]. */
    public int id(String word) {
        return ids.getOrDefault(word, UNK);
    }

    public String word(long id) {
        if (id < 0 || id >= words.size()) {
            throw new IllegalArgumentException("token id " + id + " is outside the vocabulary of " + words.size());
        }
        return words.get((int) id);
    }

    public int vocabSize() {
        return words.size();
    }
}
