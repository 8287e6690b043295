package io.editstream.renderer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RenderSizeTest {
    @Test
    void keepsTheAspectRatioWithSidesInMultiplesOf64() {
        // 1024x768: long 512, short 768*512/1024 = 384 (6 x 64)
        assertThat(RenderSize.fitted(1024, 768, 512)).isEqualTo(new RenderSize(512, 384));
        // 600x1000 portrait: short 600*512/1000 = 307.2 -> 5 x 64 = 320
        assertThat(RenderSize.fitted(600, 1000, 512)).isEqualTo(new RenderSize(320, 512));
        // a very wide strip still gets one 64-pixel row of latents
        assertThat(RenderSize.fitted(4000, 50, 512)).isEqualTo(new RenderSize(512, 64));
    }

    @Test
    void roundsTheLongSideDownToAMultipleOf64() {
        assertThat(RenderSize.fitted(100, 100, 700)).isEqualTo(new RenderSize(640, 640));
        assertThat(RenderSize.fitted(100, 100, 10)).isEqualTo(new RenderSize(64, 64));
    }

    @Test
    void rejectsEmptySizes() {
        assertThatThrownBy(() -> RenderSize.fitted(0, 10, 512)).hasMessageContaining("0x10");
        assertThatThrownBy(() -> RenderSize.square(0)).hasMessageContaining("0x0");
    }
}
