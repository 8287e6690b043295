package io.editstream.cueextractor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Picks the textual cues of an instruction: key object phrases made of up to three qualifying words
 * (colour, size, material, state) followed by an object noun from a lexicon, with noun compounds kept
 * together ("coffee cup"). Nouns are reduced to their singular lexicon form, phrases are lowercase,
 * returned in order of first appearance without duplicates, at most {@code maxPhrases}. Purely
 * lexicon-driven, so the same instruction always gives the same cues.
 */
public final class PhraseExtractor {
    private static final int MAX_MODIFIERS = 3;

    private final Set<String> nouns;
    private final Set<String> modifiers;
    private final int maxPhrases;

    public PhraseExtractor(Set<String> nouns, Set<String> modifiers, int maxPhrases) {
        if (maxPhrases < 1) {
            throw new IllegalArgumentException("maxPhrases must be at least 1, was " + maxPhrases);
        }
        this.nouns = Set.copyOf(nouns);
        this.modifiers = Set.copyOf(modifiers);
        this.maxPhrases = maxPhrases;
    }

    /** The bundled lexicon ({@code /cueextractor/object-nouns.txt} and {@code modifiers.txt}). */
    public static PhraseExtractor withDefaultLexicon(int maxPhrases) {
        return new PhraseExtractor(readLexicon("/cueextractor/object-nouns.txt"),
                readLexicon("/cueextractor/modifiers.txt"), maxPhrases);
    }

    public List<String> extract(String instruction) {
        String[] words = instruction.toLowerCase(Locale.ROOT).split("[^a-z-]+");
        Set<String> phrases = new LinkedHashSet<>();
        List<String> pending = new ArrayList<>();
        for (int i = 0; i < words.length && phrases.size() < maxPhrases; i++) {
            String word = words[i];
            String noun = lemma(word);
            if (noun != null) {
                pending.add(noun);
                // a noun followed by another noun is a compound ("coffee cup"): the head comes last
                if (i + 1 < words.length && lemma(words[i + 1]) != null) {
                    continue;
                }
                phrases.add(String.join(" ", pending));
                pending.clear();
            } else if (modifiers.contains(word)) {
                pending.add(word);
                if (pending.size() > MAX_MODIFIERS) {
                    pending.remove(0);
                }
            } else {
                pending.clear();
            }
        }
        return List.copyOf(phrases);
    }

    /** The singular lexicon noun {@code word} stands for, or null when it is not an object noun. */
    String lemma(String word) {
        if (word.isEmpty()) {
            return null;
        }
        if (nouns.contains(word)) {
            return word;
        }
        List<String> candidates = new ArrayList<>();
        if (word.endsWith("ies")) {
            candidates.add(word.substring(0, word.length() - 3) + "y");
        }
        if (word.endsWith("ves")) {
            candidates.add(word.substring(0, word.length() - 3) + "f");
            candidates.add(word.substring(0, word.length() - 3) + "fe");
        }
        if (word.endsWith("s")) {
            candidates.add(word.substring(0, word.length() - 1));
        }
        if (word.endsWith("es")) {
            candidates.add(word.substring(0, word.length() - 2));
        }
        for (String candidate : candidates) {
            if (nouns.contains(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static Set<String> readLexicon(String resource) {
        InputStream in = PhraseExtractor.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("lexicon " + resource + " is missing from the classpath");
        }
        Set<String> words = new LinkedHashSet<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String word = line.strip().toLowerCase(Locale.ROOT);
                if (!word.isEmpty() && !word.startsWith("#")) {
                    words.add(word);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading lexicon " + resource, e);
        }
        return words;
    }
}
