package io.editstream.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Fleiss' kappa on the published worked example and on cases with a known answer. */
class FleissKappaTest {

    @Test
    void theWorkedExampleOfTenSubjectsFourteenRatersFiveCategoriesGivesPoint210() {
        // Wikipedia "Fleiss' kappa", worked example (after Fleiss 1971): P̄ = 0.378, P̄e = 0.213, κ = 0.210
        int[][] counts = {
            {0, 0, 0, 0, 14},
            {0, 2, 6, 4, 2},
            {0, 0, 3, 5, 6},
            {0, 3, 9, 2, 0},
            {2, 2, 8, 1, 1},
            {7, 7, 0, 0, 0},
            {3, 2, 6, 3, 0},
            {2, 5, 3, 2, 2},
            {6, 5, 2, 1, 0},
            {0, 2, 2, 3, 7}};
        assertThat(FleissKappa.of(counts)).isCloseTo(0.210, within(0.0005));
    }

    @Test
    void perfectAgreementIsOneAndSplitVotesBelowZero() {
        assertThat(FleissKappa.of(new int[][] {{2, 0, 0}, {0, 2, 0}, {0, 0, 2}})).isCloseTo(1.0, within(1e-12));
        // every subject split 1/1 between two categories: P̄ = 0, P̄e = 0.5, κ = -1
        assertThat(FleissKappa.of(new int[][] {{1, 1, 0}, {1, 1, 0}})).isCloseTo(-1.0, within(1e-12));
    }

    @Test
    void ratingsOfZeroFiftyHundredAreCountedPerSubject() {
        // subjects: {100,100}, {0,0}, {50,100}; P_i = 1, 1, 0 → P̄ = 2/3; p = (2/6, 1/6, 3/6) → P̄e = 14/36
        // κ = (2/3 − 14/36) / (1 − 14/36) = (10/36) / (22/36) = 5/11
        double kappa = FleissKappa.ofRatings(List.of(List.of(100, 100), List.of(0, 0), List.of(50, 100), List.of(50)),
                new int[] {0, 50, 100});
        assertThat(kappa).isCloseTo(5.0 / 11, within(1e-12));
        assertThat(FleissKappa.ofRatings(List.of(List.of(50)), new int[] {0, 50, 100})).isNaN();
    }

    @Test
    void unequalPanelsAreRefused() {
        assertThatThrownBy(() -> FleissKappa.of(new int[][] {{2, 0}, {1, 2}})).isInstanceOf(IllegalArgumentException.class);
    }
}
