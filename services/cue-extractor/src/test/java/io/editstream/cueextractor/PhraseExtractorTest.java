package io.editstream.cueextractor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PhraseExtractorTest {
    private final PhraseExtractor extractor = PhraseExtractor.withDefaultLexicon(4);

    @Test
    void keepsQualifiersWithTheirNoun() {
        assertThat(extractor.extract("Make the red ball on the wooden table twice as big"))
                .containsExactly("red ball", "wooden table");
    }

    @Test
    void hypotheticalInstructionsYieldTheObjectsTheyTalkAbout() {
        assertThat(extractor.extract("What would the ice cube look like after an hour in the hot sun?"))
                .containsExactly("ice cube", "hot sun");
        assertThat(extractor.extract("Show the apples after a month of being left out"))
                .containsExactly("apple");
    }

    @Test
    void pluralsBecomeTheirLexiconForm() {
        assertThat(extractor.extract("paint the boxes, the cherries and the leaves blue"))
                .containsExactly("box", "cherry", "leaf");
    }

    @Test
    void nounCompoundsStayTogetherAndDuplicatesAreDropped() {
        assertThat(extractor.extract("turn the small coffee cup into a glass; the coffee cup is hot"))
                .containsExactly("small coffee cup", "glass", "coffee cup");
    }

    @Test
    void qualifiersWithoutNounAndUnknownWordsGiveNothing() {
        assertThat(extractor.extract("make it much more red and shiny")).isEmpty();
        assertThat(extractor.extract("")).isEmpty();
    }

    @Test
    void verbsThatLookLikeNounsAreNotCues() {
        assertThat(extractor.extract("can you make the light blue cube shiny and watch the ring roll"))
                .containsExactly("light blue cube", "ring");
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
