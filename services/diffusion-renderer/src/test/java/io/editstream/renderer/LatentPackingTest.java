package io.editstream.renderer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Pins FLUX's 2×2 packing, ids and sequence concatenation to the values printed by
 * {@code /usr/bin/python3 models/scripts/flow_match_reference.py} (FluxKontextPipeline's _pack_latents,
 * _unpack_latents and _prepare_latent_image_ids restated in torch), on latents [2, 3, 4, 6] = arange.
 */
class LatentPackingTest {
    private static final int B = 2;
    private static final int C = 3;
    private static final int H = 4;
    private static final int W = 6;

    private static float[] arange(int n, float from) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = from + i;
        }
        return values;
    }

    private static float[] token(LatentPacking.Tokens tokens, int batch, int index) {
        int start = (batch * tokens.length() + index) * tokens.width();
        return Arrays.copyOfRange(tokens.values(), start, start + tokens.width());
    }

    private static float[] ids(int[][] rows) {
        float[] flat = new float[rows.length * 3];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < 3; j++) {
                flat[i * 3 + j] = rows[i][j];
            }
        }
        return flat;
    }

    @Test
    void packingGathersEach2x2PatchChannelByChannel() {
        float[] latents = arange(B * C * H * W, 0);
        LatentPacking.Tokens packed = LatentPacking.pack(latents, B, C, H, W);
        assertThat(packed.batch()).isEqualTo(2);
        assertThat(packed.length()).isEqualTo(6);
        assertThat(packed.width()).isEqualTo(12);
        assertThat(token(packed, 0, 0)).containsExactly(0, 1, 6, 7, 24, 25, 30, 31, 48, 49, 54, 55);
        assertThat(token(packed, 0, 4)).containsExactly(14, 15, 20, 21, 38, 39, 44, 45, 62, 63, 68, 69);
        assertThat(token(packed, 1, 5)).containsExactly(88, 89, 94, 95, 112, 113, 118, 119, 136, 137, 142, 143);
        assertThat(LatentPacking.unpack(packed, H, W)).containsExactly(latents);
    }

    @Test
    void sizesFollowThePipeline() {
        // _unpack_latents / prepare_latents: 2 * (pixels // 16); a 40-pixel side floors to the 32-pixel latent
        assertThat(LatentPacking.latentSide(32, 8)).isEqualTo(4);
        assertThat(LatentPacking.latentSide(48, 8)).isEqualTo(6);
        assertThat(LatentPacking.latentSide(40, 8)).isEqualTo(4);
        assertThat(LatentPacking.sequenceLength(128, 128)).isEqualTo(4096);
        assertThat(LatentPacking.sequenceLength(64, 64)).isEqualTo(1024);
        assertThatThrownBy(() -> LatentPacking.pack(new float[B * C * 3 * W], B, C, 3, W)).hasMessageContaining("even latent size");
        assertThatThrownBy(() -> LatentPacking.pack(new float[5], B, C, H, W)).hasMessageContaining("need 144 values, got 5");
        assertThatThrownBy(() -> LatentPacking.unpack(LatentPacking.pack(arange(B * C * H * W, 0), B, C, H, W), 6, 6))
            .hasMessageContaining("do not unpack to a 6x6 latent");
    }

    @Test
    void idsMarkImageRowAndColumn() {
        assertThat(LatentPacking.imageIds(H, W, LatentPacking.NOISE_IMAGE))
            .containsExactly(ids(new int[][] {{0, 0, 0}, {0, 0, 1}, {0, 0, 2}, {0, 1, 0}, {0, 1, 1}, {0, 1, 2}}));
        float[] reference = LatentPacking.imageIds(2, 4, LatentPacking.REFERENCE_IMAGE);
        assertThat(reference).containsExactly(ids(new int[][] {{1, 0, 0}, {1, 0, 1}}));
        assertThat(LatentPacking.concatIds(LatentPacking.imageIds(H, W, LatentPacking.NOISE_IMAGE), reference))
            .containsExactly(ids(new int[][] {{0, 0, 0}, {0, 0, 1}, {0, 0, 2}, {0, 1, 0}, {0, 1, 1}, {0, 1, 2}, {1, 0, 0}, {1, 0, 1}}));
        assertThat(LatentPacking.textIds(2)).containsExactly(0, 0, 0, 0, 0, 0);
    }

    @Test
    void theReferenceFollowsTheNoiseAndOnlyTheNoisePartIsKept() {
        LatentPacking.Tokens noise = LatentPacking.pack(arange(B * C * H * W, 0), B, C, H, W);
        LatentPacking.Tokens reference = new LatentPacking.Tokens(arange(2 * 2 * 12, 1000), 2, 2, 12);
        LatentPacking.Tokens input = LatentPacking.concat(noise, reference);
        assertThat(input.length()).isEqualTo(8);
        assertThat(input.width()).isEqualTo(12);
        assertThat(token(input, 1, 5)).containsExactly(88, 89, 94, 95, 112, 113, 118, 119, 136, 137, 142, 143);
        assertThat(token(input, 1, 6)).containsExactly(1024, 1025, 1026, 1027, 1028, 1029, 1030, 1031, 1032, 1033, 1034, 1035);
        assertThat(input.first(noise.length()).values()).containsExactly(noise.values());
        assertThatThrownBy(() -> input.first(9)).hasMessageContaining("cannot keep 9 of 8 tokens");
        assertThatThrownBy(() -> LatentPacking.concat(noise, new LatentPacking.Tokens(new float[8], 2, 1, 4)))
            .hasMessageContaining("cannot join");
    }
}
