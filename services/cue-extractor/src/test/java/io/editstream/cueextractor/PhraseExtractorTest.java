package io.editstream.cueextractor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhraseExtractorTest {
    private final PhraseExtractor extractor = PhraseExtractor.withDefaultLexicon(4);

    /** Each row: what it shows | instruction | the cues expected, comma-separated (none: empty). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            keeps qualifiers with their noun | Make the red ball on the wooden table twice as big | red ball, wooden table
            a hypothetical names the objects it talks about | What would the ice cube look like after an hour in the hot sun? | ice cube, hot sun
            a hypothetical names the objects it talks about | Show the apples after a month of being left out | apple
            plurals become their lexicon form | paint the boxes, the cherries and the leaves blue | box, cherry, leaf
            noun compounds stay together and duplicates are dropped | turn the small coffee cup into a glass; the coffee cup is hot | small coffee cup, glass, coffee cup
            qualifiers without noun and unknown words give nothing | make it much more red and shiny |
            an empty instruction gives nothing | '' |
            verbs that look like nouns are not cues | can you make the light blue cube shiny and watch the ring roll | light blue cube, ring
            """)
    void extractsTheObjectPhrases(String shows, String instruction, String cues) {
        List<String> expected = cues == null ? List.of() : List.of(cues.split(", "));
        assertThat(extractor.extract(instruction)).containsExactlyElementsOf(expected);
    }

    @Test
    void stopsAtTheLimit() {
        assertThat(PhraseExtractor.withDefaultLexicon(2).extract("a cat, a dog, a bird and a fish"))
                .containsExactly("cat", "dog");
    }

    @Test
    void onlyTheLastThreeQualifiersAreKept() {
        PhraseExtractor custom = new PhraseExtractor(Set.of("cube"), Set.of("big", "old", "red", "metal"), 3);
        assertThat(custom.extract("the big old red metal cube")).containsExactly("old red metal cube");
    }

    @Test
    void rejectsANonPositiveLimit() {
        assertThatThrownBy(() -> new PhraseExtractor(Set.of(), Set.of(), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
