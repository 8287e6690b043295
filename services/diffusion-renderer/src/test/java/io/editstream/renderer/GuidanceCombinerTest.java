package io.editstream.renderer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GuidanceCombinerTest {
    @Test
    void combinesTheThreeBranchesByTheInstructPix2PixFormula() {
        GuidanceCombiner g = new GuidanceCombiner(7.5f, 1.5f);
        // text=[1, 2], image=[0.5, 1], uncond=[0, 0.5]
        float[] out = g.combine(new float[] {1f, 2f, 0.5f, 1f, 0f, 0.5f}, 2);
        // 0 + 7.5*(1-0.5) + 1.5*(0.5-0) = 4.5 ; 0.5 + 7.5*(2-1) + 1.5*(1-0.5) = 8.75
        assertThat(out).containsExactly(new float[] {4.5f, 8.75f}, within(1e-6f));
        assertThat(g.branches()).isEqualTo(3);
    }

    @Test
    void unitScalesGiveTheTextBranch() {
        float[] out = new GuidanceCombiner(1.0001f, 1f).combine(new float[] {3f, 1f, 5f}, 1);
        assertThat(out[0]).isCloseTo(3f, within(1e-3f));
    }

    @Test
    void guidanceIsOffBelowItsThresholds() {
        GuidanceCombiner off = new GuidanceCombiner(1f, 1.5f);
        assertThat(off.enabled()).isFalse();
        assertThat(off.branches()).isEqualTo(1);
        assertThat(off.combine(new float[] {0.25f, 9f}, 1)).containsExactly(0.25f);
        assertThat(new GuidanceCombiner(7.5f, 0.5f).enabled()).isFalse();
    }
}
