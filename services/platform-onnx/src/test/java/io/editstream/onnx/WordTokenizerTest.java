package io.editstream.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Word tokenizer rules: specials, lower-casing, punctuation split, [UNK], padding and truncation. */
class WordTokenizerTest {

    private final WordTokenizer tokenizer = WordTokenizer.of(
            List.of("[PAD]", "[UNK]", "[BOS]", "[EOS]", "put", "the", "red", "ball", "on", "cube", "?", ","), "test");

    @Test
    void encodesWithBosEosAndPadding() {
        LongTensor ids = tokenizer.encode("Put the RED ball on the cube", 10);
        assertThat(ids.shape()).containsExactly(1, 10);
        assertThat(ids.data()).containsExactly(2, 4, 5, 6, 7, 8, 5, 9, 3, 0);
        assertThat(tokenizer.attentionMask(ids).data()).containsExactly(1, 1, 1, 1, 1, 1, 1, 1, 1, 0);
    }

    @Test
    void splitsPunctuationAndMapsUnknownWords() {
        assertThat(WordTokenizer.split("Ball, cube?!  it's")).containsExactly("ball", ",", "cube", "?", "!", "it", "'", "s");
        LongTensor ids = tokenizer.encode("the purple ball, please?", 8);
        assertThat(ids.data()).containsExactly(2, 5, 1, 7, 11, 1, 10, 3);
    }

    @Test
    void truncationKeepsEos() {
        LongTensor ids = tokenizer.encode("put the red ball on the cube", 5);
        assertThat(ids.data()).containsExactly(2, 4, 5, 6, 3);
        assertThat(tokenizer.encode("", 2).data()).containsExactly(2, 3);
        assertThatThrownBy(() -> tokenizer.encode("x", 1)).hasMessageContaining("[BOS] and [EOS]");
    }

    @Test
    void decodeSkipsSpecialsAndStopsAtEos() {
        assertThat(tokenizer.decode(new long[] {2, 4, 5, 1, 7, 3, 9, 9})).isEqualTo("put the [UNK] ball");
        assertThat(tokenizer.decode(new long[] {4, 0, 10})).isEqualTo("put ?");
        assertThatThrownBy(() -> tokenizer.decode(new long[] {99})).hasMessageContaining("outside the vocabulary");
    }

    @Test
    void loadsTheSharedFixtureVocabulary() {
        WordTokenizer shared = ModelBundle.load(Bundles.locate("clip")).tokenizer();
        assertThat(shared.vocabSize()).isGreaterThan(300);
        assertThat(shared.word(0)).isEqualTo("[PAD]");
        LongTensor ids = shared.encode("What would happen if the glass fell off the table?", 24);
        assertThat(ids.data()).doesNotContain((long) WordTokenizer.UNK);
        assertThat(shared.decode(ids.data())).isEqualTo("what would happen if the glass fell off the table ?");
    }

    @Test
    void rejectsVocabulariesWithoutTheSpecials(@TempDir Path dir) throws Exception {
        Path vocab = Files.writeString(dir.resolve("vocab.txt"), "[PAD]\nball\n");
        assertThatThrownBy(() -> WordTokenizer.load(vocab)).isInstanceOf(BundleException.class)
                .hasMessageContaining(vocab.toString()).hasMessageContaining("[PAD], [UNK], [BOS], [EOS]");
        assertThatThrownBy(() -> WordTokenizer.load(dir.resolve("none.txt"))).isInstanceOf(BundleException.class)
                .hasMessageContaining("none.txt cannot be read");
    }
}
