package io.editstream.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The T5 tokenizer of the FLUX.1 Kontext fixture (models/fixtures/flux-kontext-tiny/tokenizer_2, a 700-piece
 * unigram model with T5's pad 0, eos 1, unk 2 and 100 extra ids) against models/fixtures/reference/t5-tokenizer.json:
 * the ids sentencepiece 0.1.97 gives for 40 texts (capitals, digits, punctuation, accents, NFKC-mapped full-width
 * and ligature characters, tabs and runs of spaces, out-of-corpus words, emoji and Chinese as unknowns, extra ids,
 * an empty text and one over 512 tokens), padded and truncated to 16 and 512 as transformers does.
 * Written by models/scripts/make_t5_tokenizer.py.
 */
class T5TokenizerTest {
    private static final Path FIXTURE = Bundles.locate("flux-kontext-tiny").resolve("tokenizer_2");
    private static final JsonNode REFERENCE = ReferenceImages.load("t5-tokenizer");

    @Test
    void tokenizerJsonGivesSentencepiecesIds() {
        assertMatchesReference(T5Tokenizer.load(FIXTURE));
    }

    @Test
    void spieceModelAloneGivesTheSameIds(@TempDir Path dir) throws IOException {
        copyWithout(dir, "tokenizer.json");
        assertMatchesReference(T5Tokenizer.load(dir));
        Files.delete(dir.resolve("tokenizer_config.json"));   // T5Tokenizer's default of 100 extra ids
        assertThat(T5Tokenizer.load(dir).ids("<extra_id_0>")).containsExactly(799, 1);
    }

    @Test
    void specialIdsAndVocabularyAreT5s() {
        T5Tokenizer tokenizer = T5Tokenizer.load(FIXTURE);
        assertThat(tokenizer.specialIds()).isEqualTo(new T5Tokenizer.SpecialIds(0, 1, 2));
        assertThat(tokenizer.vocabSize()).isEqualTo(REFERENCE.path("vocab_size").asInt()).isEqualTo(800);
        // <extra_id_0> is the last id and <extra_id_99> the first after the pieces, as T5Tokenizer numbers them
        assertThat(tokenizer.ids("<extra_id_0><extra_id_99>")).containsExactly(799, 700, 1);
    }

    @Test
    void encodeTruncatesToLengthMinusOneAndPads() {
        T5Tokenizer tokenizer = T5Tokenizer.load(FIXTURE);
        JsonNode longest = REFERENCE.path("cases").get(REFERENCE.path("cases").size() - 1);
        int[] all = tokenizer.ids(longest.path("text").asText());
        assertThat(all.length).isGreaterThan(T5Tokenizer.DEFAULT_LENGTH);
        LongTensor encoded = tokenizer.encode(longest.path("text").asText(), T5Tokenizer.DEFAULT_LENGTH);
        assertThat(encoded.shape()).containsExactly(1, 512);
        assertThat(Arrays.copyOf(encoded.data(), 511)).containsExactly(Arrays.stream(all, 0, 511).asLongStream().toArray());
        assertThat(encoded.data()[511]).isEqualTo(1);

        assertThat(tokenizer.encode("", 4).data()).containsExactly(1, 0, 0, 0);
        assertThat(tokenizer.encode("Move the red cube", 1).data()).containsExactly(1);
        assertThat(tokenizer.ids(null)).containsExactly(1);
        assertThatThrownBy(() -> tokenizer.encode("x", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFolderWithNeitherFileNamesBoth(@TempDir Path dir) {
        assertThatThrownBy(() -> T5Tokenizer.load(dir)).isInstanceOf(BundleException.class)
                .hasMessageContaining(dir.resolve("tokenizer.json").toString())
                .hasMessageContaining(dir.resolve("spiece.model").toString());
    }

    @Test
    void malformedFilesAreNamedInOneLine(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("json");
        Files.createDirectories(json);
        Files.writeString(json.resolve("tokenizer.json"), "{\"model\": {\"type\": \"Unigram\", \"vocab\": [[\"a\"");
        assertOneLineNaming(json.resolve("tokenizer.json"), "valid JSON");

        Files.writeString(json.resolve("tokenizer.json"), "{\"model\": {\"type\": \"BPE\", \"vocab\": {}}}");
        assertOneLineNaming(json.resolve("tokenizer.json"), "expected a Unigram model");

        Files.writeString(json.resolve("tokenizer.json"), "{\"model\": {\"type\": \"Unigram\", \"unk_id\": 0,"
                + " \"vocab\": [[\"<unk>\", 0.0], [\"a\"]]}}");
        assertOneLineNaming(json.resolve("tokenizer.json"), "expected [piece, score]");

        Path model = dir.resolve("model");
        Files.createDirectories(model);
        byte[] spiece = Files.readAllBytes(FIXTURE.resolve("spiece.model"));
        Files.write(model.resolve("spiece.model"), Arrays.copyOf(spiece, spiece.length / 2));
        assertOneLineNaming(model.resolve("spiece.model"), "expected a serialized sentencepiece ModelProto");

        Files.writeString(model.resolve("spiece.model"), "not a protobuf at all");
        assertOneLineNaming(model.resolve("spiece.model"), "expected a serialized sentencepiece ModelProto");
    }

    private static void assertOneLineNaming(Path file, String expected) {
        assertThatThrownBy(() -> T5Tokenizer.load(file.getParent())).isInstanceOf(BundleException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining(expected)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    private static void assertMatchesReference(T5Tokenizer tokenizer) {
        assertThat(REFERENCE.path("cases").size()).isEqualTo(40);
        for (JsonNode c : REFERENCE.path("cases")) {
            String text = c.path("text").asText();
            assertThat(tokenizer.ids(text)).as("ids of %s (pieces %s)", text, c.path("pieces"))
                    .containsExactly(ints(c.path("ids")));
            for (int length : new int[] {16, 512}) {
                LongTensor encoded = tokenizer.encode(text, length);
                assertThat(encoded.shape()).containsExactly(1, length);
                assertThat(encoded.data()).as("max_length %d of %s", length, text)
                        .containsExactly(Arrays.stream(ints(c.path("max_length_" + length))).asLongStream().toArray());
            }
        }
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    private static void copyWithout(Path dir, String skipped) throws IOException {
        try (Stream<Path> files = Files.list(FIXTURE)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (!f.getFileName().toString().equals(skipped)) {
                    Files.copy(f, dir.resolve(f.getFileName().toString()));
                }
            }
        }
    }
}
