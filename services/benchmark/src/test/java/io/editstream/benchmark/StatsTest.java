package io.editstream.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Means and standard errors on numbers worked out by hand. */
class StatsTest {

    @Test
    void meanAndStandardErrorOfASample() {
        // mean 5; squared deviations 9+1+1+1+0+0+4+16 = 32; sd = √(32/7) = 2.13809; se = sd/√8 = 0.75593
        Stats.Estimate e = Stats.mean(List.of(2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0));
        assertThat(e.mean()).isEqualTo(5.0);
        assertThat(e.se()).isCloseTo(0.755929, within(1e-6));
        assertThat(e.n()).isEqualTo(8);
    }

    @Test
    void oneValueHasNoErrorAndNoValuesNoMean() {
        assertThat(Stats.mean(List.of(0.25)).se()).isNaN();
        assertThat(Stats.mean(List.of(0.25)).mean()).isEqualTo(0.25);
        assertThat(Stats.mean(List.of()).mean()).isNaN();
    }

    @Test
    void proportionHasTheBinomialStandardError() {
        // p = 3/4, se = √(0.75·0.25/4) = 0.216506
        Stats.Estimate e = Stats.proportion(3, 4);
        assertThat(e.mean()).isEqualTo(0.75);
        assertThat(e.se()).isCloseTo(0.216506, within(1e-6));
        assertThat(Stats.proportion(4, 4).se()).isZero();
        assertThat(Stats.proportion(0, 0).mean()).isNaN();
    }

    @Test
    void balancedScoreWeighsGroupsEquallyAndCombinesTheirErrors() {
        // a large group does not outweigh a small one: (1 + 3) / 2 = 2; se = √(0.3² + 0.4²) / 2 = 0.25
        Stats.Estimate e = Stats.balanced(List.of(new Stats.Estimate(1, 0.3, 200), new Stats.Estimate(3, 0.4, 2),
                new Stats.Estimate(Double.NaN, Double.NaN, 0)));
        assertThat(e.mean()).isEqualTo(2.0);
        assertThat(e.se()).isCloseTo(0.25, within(1e-12));
        assertThat(e.n()).isEqualTo(202);
        assertThat(Stats.balanced(List.of(new Stats.Estimate(1, Double.NaN, 1))).se()).isNaN();
    }
}
