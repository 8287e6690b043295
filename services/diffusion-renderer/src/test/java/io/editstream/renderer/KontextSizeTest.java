package io.editstream.renderer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pins FluxKontextPipeline's reference-image and output sizes to the "reference" and "output" lines of
 * {@code /usr/bin/python3 models/scripts/flow_match_reference.py} (exact).
 */
class KontextSizeTest {

    @ParameterizedTest(name = "{0}x{1} -> auto {2}x{3}, plain {4}x{5}")
    @CsvSource({
        "1024, 1024, 1024, 1024, 1024, 1024",
        "512, 512, 1024, 1024, 512, 512",
        "640, 480, 1184, 880, 640, 480",
        "480, 640, 880, 1184, 480, 640",
        "1920, 1080, 1392, 752, 1920, 1072",
        "1080, 1920, 752, 1392, 1072, 1920",
        "3000, 1000, 1568, 672, 2992, 992",
        "1000, 3000, 672, 1568, 992, 2992",
        "1000, 700, 1248, 832, 992, 688",
        "700, 1000, 832, 1248, 688, 992",
        "1200, 1000, 1104, 944, 1200, 992",
        // floored to 32x16 before the ratio is taken: 2.0, not 33/31
        "33, 31, 1456, 720, 32, 16",
    })
    void referenceImageSizeMatchesTheReference(int width, int height, int autoWidth, int autoHeight, int plainWidth,
            int plainHeight) {
        assertThat(KontextSize.reference(width, height, true)).isEqualTo(new RenderSize(autoWidth, autoHeight));
        assertThat(KontextSize.reference(width, height, false)).isEqualTo(new RenderSize(plainWidth, plainHeight));
    }

    @ParameterizedTest(name = "{0}x{1} at max_area {2} -> {3}x{4}")
    @CsvSource({
        "1024, 1024, 1048576, 1024, 1024",
        "512, 512, 1048576, 1024, 1024",
        "1920, 1080, 1048576, 1360, 768",
        "640, 480, 262144, 576, 432",
        "1000, 700, 1048576, 1216, 848",
        "333, 1000, 589824, 432, 1328",
    })
    void outputSizeMatchesTheReference(int width, int height, long maxArea, int expectedWidth, int expectedHeight) {
        assertThat(KontextSize.output(width, height, maxArea)).isEqualTo(new RenderSize(expectedWidth, expectedHeight));
    }

    @Test
    void preferredResolutionsAreKontextsSeventeenMultiplesOf16() {
        assertThat(KontextSize.PREFERRED).hasSize(17).allMatch(size -> size.width() % 16 == 0 && size.height() % 16 == 0);
        assertThat(KontextSize.output(KontextSize.DEFAULT_SIDE, KontextSize.DEFAULT_SIDE, KontextSize.DEFAULT_MAX_AREA))
            .isEqualTo(new RenderSize(1024, 1024));
    }

    @Test
    void tooSmallSizesAreRefused() {
        assertThatThrownBy(() -> KontextSize.reference(15, 500, true)).hasMessageContaining("at least 16x16, got 15x500");
        assertThatThrownBy(() -> KontextSize.output(1000, 1, 1024)).hasMessageContaining("leaves a side under 16");
        assertThatThrownBy(() -> KontextSize.output(0, 1, 1024)).hasMessageContaining("must be positive");
    }
}
