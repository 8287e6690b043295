package io.editstream.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The Optimum text encoder of the committed InstructPix2Pix fixture, fp32 and fp16, behind one call. */
class ClipTextEncoderTest {
    @Test
    void encodesTextToHiddenStatesPerTokenPosition() {
        try (ClipTextEncoder text = ClipTextEncoder.load(ModelBundle.load(Bundles.locate("instruct-pix2pix-tiny")), Device.CPU)) {
            assertThat(text.tokens()).isEqualTo(77);
            assertThat(text.width()).isEqualTo(32);
            ClipTokenizer tokenizer = text.tokenizer();
            // the fixture's vocabulary follows CLIP's layout: the two specials come last
            ClipTokenizer.SpecialIds special = tokenizer.specialIds();
            assertThat(special.bos()).isEqualTo(tokenizer.vocabSize() - 2);
            assertThat(special.pad()).isEqualTo(special.eos());
            assertThat(tokenizer.encode("", 77).data()).startsWith(special.bos(), special.eos(), special.eos());
            FloatTensor empty = text.encode("");
            assertThat(empty.shape()).containsExactly(77L, 32L);
            assertThat(text.encode("")).isEqualTo(empty);
            assertThat(text.encode("make the ball red")).isNotEqualTo(empty);
        }
    }

    @Test
    void theFp16ExportGivesNearlyTheSameStates() {
        FloatTensor full;
        FloatTensor half;
        try (ClipTextEncoder text = ClipTextEncoder.load(ModelBundle.load(Bundles.locate("instruct-pix2pix-tiny")), Device.CPU)) {
            full = text.encode("make the ball red");
        }
        try (ClipTextEncoder text = ClipTextEncoder.load(ModelBundle.load(Bundles.locate("instruct-pix2pix-tiny-fp16")), Device.CPU)) {
            half = text.encode("make the ball red");
        }
        float worst = 0;
        for (int i = 0; i < full.data().length; i++) {
            worst = Math.max(worst, Math.abs(full.data()[i] - half.data()[i]));
        }
        assertThat(worst).isLessThan(0.05f);   // fp16 weights and output rounding only
    }

    @Test
    void aBundleWithoutABpeTokenizerFolderIsRefused() {
        assertThatThrownBy(() -> ClipTextEncoder.load(ModelBundle.load(Bundles.locate("clip")), Device.CPU))
                .isInstanceOf(BundleException.class).hasMessageContaining("tokenizer/vocab.json").hasMessageContaining("merges.txt");
    }
}
