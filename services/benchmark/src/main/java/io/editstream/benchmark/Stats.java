package io.editstream.benchmark;

import java.util.Collection;
import java.util.List;

/**
 * Means and standard errors as the benchmark report states them. The standard error of a mean is the
 * sample standard deviation (n − 1 in the denominator) over √n; for a proportion such as DiscEdit
 * accuracy it is the binomial √(p(1−p)/n), which is what AURORA reports with its 4 noise samples per item
 * counted as separate examples. A balanced score averages group means with equal weight, and its error
 * combines the groups' errors as independent: √(Σ seᵢ²) / k.
 */
public final class Stats {
    private Stats() {
    }

    /** A mean with its standard error and sample size; {@code se} is NaN when n < 2. */
    public record Estimate(double mean, double se, int n) {
    }

    public static Estimate mean(Collection<Double> values) {
        int n = values.size();
        if (n == 0) {
            return new Estimate(Double.NaN, Double.NaN, 0);
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double mean = sum / n;
        if (n < 2) {
            return new Estimate(mean, Double.NaN, 1);
        }
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return new Estimate(mean, Math.sqrt(squares / (n - 1)) / Math.sqrt(n), n);
    }

    /** Accuracy of {@code correct} out of {@code n} trials with the binomial standard error √(p(1−p)/n). */
    public static Estimate proportion(int correct, int n) {
        if (n == 0) {
            return new Estimate(Double.NaN, Double.NaN, 0);
        }
        double p = (double) correct / n;
        return new Estimate(p, Math.sqrt(p * (1 - p) / n), n);
    }

    /** Equal-weight mean of group estimates (AURORA's balanced score); groups without a mean are left out. */
    public static Estimate balanced(List<Estimate> groups) {
        double sum = 0;
        double variance = 0;
        int k = 0;
        int n = 0;
        boolean allErrors = true;
        for (Estimate g : groups) {
            if (Double.isNaN(g.mean())) {
                continue;
            }
            sum += g.mean();
            if (Double.isNaN(g.se())) {
                allErrors = false;
            } else {
                variance += g.se() * g.se();
            }
            k++;
            n += g.n();
        }
        if (k == 0) {
            return new Estimate(Double.NaN, Double.NaN, 0);
        }
        return new Estimate(sum / k, allErrors ? Math.sqrt(variance) / k : Double.NaN, n);
    }
}
