package io.editstream.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLIP BPE on a tiny committed tokenizer (src/test/resources/clip-bpe), laid out like CLIP's: ids
 * 0–15 the base symbols ! &amp; ' a c d e g h i k l m n o s t, 16–31 the same with "&lt;/w&gt;", 32–43 the
 * results of merges.txt's 12 merges in rank order (ma, ke&lt;/w&gt;, make&lt;/w&gt;, it&lt;/w&gt;, gh, ni,
 * ght&lt;/w&gt;, night&lt;/w&gt;, th, the&lt;/w&gt;, 's&lt;/w&gt;, ca), 44 &lt;|startoftext|&gt;,
 * 45 &lt;|endoftext|&gt;. Expected ids were derived by hand, merging the lowest-ranked pair each round:
 * <pre>
 * make:  m a k e&lt;/w&gt; →(0) ma k e&lt;/w&gt; →(1) ma ke&lt;/w&gt; →(2) make&lt;/w&gt;      = 34
 * night: n i g h t&lt;/w&gt; →(4 gh) n i gh t&lt;/w&gt; →(5 ni) ni gh t&lt;/w&gt; →(6) ni ght&lt;/w&gt; →(7) night&lt;/w&gt; = 39
 * cat:   c a t&lt;/w&gt; →(11) ca t&lt;/w&gt;; no merge for (ca, t&lt;/w&gt;)                 = 43 31
 * dog:   no pair has a rank                                                     = 5 13 23
 * </pre>
 * and cross-checked with OpenAI's reference bpe() restated in Python.
 */
class ClipTokenizerTest {
    private static final Path FIXTURE = Path.of("src/test/resources/clip-bpe");
    private final ClipTokenizer tokenizer = ClipTokenizer.load(FIXTURE);

    @Test
    void mergesByRankAfterCleaningAndLowerCasing() {
        assertThat(tokenizer.tokenIds("  Make it \t NIGHT!\n")).containsExactly(34, 35, 39, 16);
        // "&amp;" is unescaped, "'s" is its own piece, "cat" stops at ca + t</w>, "dog" stays in letters
        assertThat(tokenizer.tokenIds("the cat's &amp; dog")).containsExactly(41, 43, 31, 42, 17, 5, 13, 23);
        assertThat(tokenizer.tokenIds("")).isEmpty();
    }

    @Test
    void encodesToSeventySevenWithStartEndAndPadding() {
        long[] ids = tokenizer.encode("Make it night!", ClipTokenizer.DEFAULT_LENGTH).data();
        assertThat(ids).hasSize(77);
        assertThat(Arrays.copyOf(ids, 7)).containsExactly(44, 34, 35, 39, 16, 45, 45);
        assertThat(ids[76]).isEqualTo(45);   // CLIP ViT-L/14 pads with <|endoftext|>
        assertThat(tokenizer.encode("", 77).data()).startsWith(44, 45, 45);
    }

    @Test
    void longTextsKeepTheirFirstTokensAndTheEndToken() {
        long[] ids = tokenizer.encode("make ".repeat(100), 77).data();
        assertThat(ids[0]).isEqualTo(44);
        assertThat(Arrays.copyOfRange(ids, 1, 76)).containsOnly(34L);
        assertThat(ids[76]).isEqualTo(45);
    }

    @Test
    void readsThePadTokenAndTokenizerJson(@TempDir Path dir) throws Exception {
        Files.copy(FIXTURE.resolve("vocab.json"), dir.resolve("vocab.json"));
        Files.copy(FIXTURE.resolve("merges.txt"), dir.resolve("merges.txt"));
        Files.writeString(dir.resolve("special_tokens_map.json"), "{\"pad_token\": {\"content\": \"!\"}}");
        assertThat(ClipTokenizer.load(dir).encode("it", 5).data()).containsExactly(44, 35, 45, 0, 0);

        Path json = dir.resolve("json");
        Files.createDirectories(json);
        String merges = String.join(",", Files.readAllLines(FIXTURE.resolve("merges.txt")).stream().skip(1)
                .map(m -> "[\"" + m.replace(" ", "\",\"").replace("'", "'") + "\"]").toList());
        Files.writeString(json.resolve("tokenizer.json"), "{\"model\": {\"type\": \"BPE\", \"vocab\": "
                + Files.readString(FIXTURE.resolve("vocab.json")) + ", \"merges\": [" + merges + "]}}");
        assertThat(ClipTokenizer.load(json).tokenIds("Make it NIGHT!")).containsExactly(34, 35, 39, 16);
    }

    @Test
    void aMissingTokenizerNamesTheFilesItNeeds(@TempDir Path dir) {
        assertThatThrownBy(() -> ClipTokenizer.load(dir)).isInstanceOf(BundleException.class)
                .hasMessageContaining("vocab.json").hasMessageContaining("merges.txt").hasMessageContaining("tokenizer.json");
    }
}
