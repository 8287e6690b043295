package io.editstream.benchmark;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fleiss' kappa (Fleiss 1971): agreement of a fixed number of raters per subject beyond chance.
 * With N subjects, n ratings each and counts n_ij of category j for subject i:
 * P_i = (Σ_j n_ij² − n) / (n(n−1)), p_j = Σ_i n_ij / (Nn), κ = (mean P_i − Σ_j p_j²) / (1 − Σ_j p_j²).
 * Human judgement uses the categories 0 / 50 / 100.
 */
public final class FleissKappa {
    private FleissKappa() {
    }

    /** κ of a subjects × categories table of counts; every row must hold the same number (≥ 2) of ratings. */
    public static double of(int[][] counts) {
        if (counts.length == 0) {
            throw new IllegalArgumentException("no subjects");
        }
        int n = 0;
        for (int c : counts[0]) {
            n += c;
        }
        if (n < 2) {
            throw new IllegalArgumentException("each subject needs at least two ratings, got " + n);
        }
        int k = counts[0].length;
        double[] categoryTotals = new double[k];
        double agreement = 0;
        for (int[] row : counts) {
            int rowTotal = 0;
            double squares = 0;
            for (int j = 0; j < k; j++) {
                rowTotal += row[j];
                squares += (double) row[j] * row[j];
                categoryTotals[j] += row[j];
            }
            if (rowTotal != n) {
                throw new IllegalArgumentException("every subject needs " + n + " ratings; one has " + rowTotal);
            }
            agreement += (squares - n) / (n * (n - 1.0));
        }
        double observed = agreement / counts.length;
        double expected = 0;
        for (double total : categoryTotals) {
            double p = total / ((double) counts.length * n);
            expected += p * p;
        }
        return expected == 1 ? 1.0 : (observed - expected) / (1 - expected);
    }

    /**
     * κ over the subjects' ratings (each a list of category values): subjects are kept when they have the
     * most common number of ratings (at least two), since the statistic needs a fixed n. NaN when none qualify.
     */
    public static double ofRatings(Collection<List<Integer>> subjects, int[] categories) {
        Map<Integer, Integer> sizes = new HashMap<>();
        for (List<Integer> s : subjects) {
            if (s.size() >= 2) {
                sizes.merge(s.size(), 1, Integer::sum);
            }
        }
        if (sizes.isEmpty()) {
            return Double.NaN;
        }
        // most common size; ties go to the larger panel
        int n = sizes.entrySet().stream()
                .max((a, b) -> a.getValue().equals(b.getValue()) ? a.getKey() - b.getKey() : a.getValue() - b.getValue())
                .orElseThrow().getKey();
        List<int[]> rows = new ArrayList<>();
        for (List<Integer> s : subjects) {
            if (s.size() != n) {
                continue;
            }
            int[] row = new int[categories.length];
            for (int value : s) {
                for (int j = 0; j < categories.length; j++) {
                    if (categories[j] == value) {
                        row[j]++;
                    }
                }
            }
            rows.add(row);
        }
        return of(rows.toArray(int[][]::new));
    }
}
