package io.editstream.cueextractor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.editstream.events.Region;
import io.editstream.onnx.Bundles;
import io.editstream.onnx.Device;
import io.editstream.onnx.ModelBundle;
import io.editstream.testing.PaintedScene;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** FRCE on the fixture clip bundle: stacking order, mask pooling, text cue embeddings, determinism. */
class CueExtractorTest {
    private static final int D = 64;
    private static CueExtractor extractor;

    @BeforeAll
    static void load() {
        extractor = CueExtractor.load(ModelBundle.load(Bundles.locate("clip")), Device.CPU,
                new RegionFinder(RegionFinder.Settings.defaults()), PhraseExtractor.withDefaultLexicon(4));
    }

    @AfterAll
    static void close() {
        extractor.close();
    }

    static BufferedImage scene() {
        return PaintedScene.canvas(64, 64).rect(new Color(214, 222, 230), 0, 0, 64, 34)
                .rect(new Color(150, 150, 160), 0, 34, 64, 30)
                .rect(Color.RED, 8, 20, 16, 16).rect(Color.BLUE, 45, 22, 6, 6).image();
    }

    @Test
    void stacksPatchRegionAndTextCuesInOrder() {
        CueExtractor.Cues cues = extractor.extract(scene(), "paint the red cube blue and the small box green");

        assertThat(cues.patchCount()).isEqualTo(64);
        assertThat(cues.regions()).hasSize(2);
        assertThat(cues.textCues()).containsExactly("red cube", "small box");
        assertThat(cues.cues().shape()).containsExactly(64 + 2 + 2, D);
        float[] data = cues.cues().data();
        for (int r = 0; r < cues.regions().size(); r++) {
            Region region = cues.regions().get(r);
            float[] expected = RegionPooling.pool(Arrays.copyOf(data, 64 * D), 64, D, region, 64, 64);
            assertThat(Arrays.copyOfRange(data, (64 + r) * D, (65 + r) * D)).containsExactly(expected, within(1e-6f));
        }
        for (int c = 0; c < 2; c++) {
            float[] row = Arrays.copyOfRange(data, (66 + c) * D, (67 + c) * D);
            double norm = 0;
            for (float v : row) {
                norm += v * v;
            }
            // text_embeds are L2-normalised by the encoder
            assertThat(Math.sqrt(norm)).isCloseTo(1.0, within(1e-3));
        }
    }

    @Test
    void theBigRegionPoolsSeveralPatchesAndTheSmallOneItsOwnPatch() {
        CueExtractor.Cues cues = extractor.extract(scene(), "move it");
        float[] data = cues.cues().data();
        // the 16x16 red square at (8, 20) covers the centres of a 2x2 block of 8x8 patches: rows 2-3, columns 1-2
        float[] mean = new float[D];
        for (int patch : new int[] {2 * 8 + 1, 2 * 8 + 2, 3 * 8 + 1, 3 * 8 + 2}) {
            for (int i = 0; i < D; i++) {
                mean[i] += data[patch * D + i] / 4;
            }
        }
        assertThat(Arrays.copyOfRange(data, 64 * D, 65 * D)).containsExactly(mean, within(1e-5f));
        // the 6x6 blue square at (45, 22) holds no patch centre: the patch under its centre (row 3, column 6)
        assertThat(Arrays.copyOfRange(data, 65 * D, 66 * D)).containsExactly(
                Arrays.copyOfRange(data, (3 * 8 + 6) * D, (3 * 8 + 7) * D), within(1e-6f));
        assertThat(cues.textCues()).isEmpty();
        assertThat(cues.cues().shape()).containsExactly(66, D);
    }

    @Test
    void sameInputGivesTheSameCues() {
        CueExtractor.Cues a = extractor.extract(scene(), "paint the red cube blue");
        CueExtractor.Cues b = extractor.extract(scene(), "paint the red cube blue");
        assertThat(b.cues().data()).containsExactly(a.cues().data());
        assertThat(b.regions()).isEqualTo(a.regions());
    }
}
