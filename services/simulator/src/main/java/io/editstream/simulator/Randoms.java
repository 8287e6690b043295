package io.editstream.simulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded choices for the simulator. Everything random is drawn from a {@link SplittableRandom}
 * handed down from the dataset seed, and this class holds the only ways choices are made from it,
 * so the same seed always walks the same path. {@link #itemSeed} derives an independent stream
 * per (split, index): one triplet never depends on how many were generated before it.
 */
public final class Randoms {
    private Randoms() {
    }

    /** A copy of {@code items} in random order (Fisher–Yates). */
    public static <T> List<T> shuffled(List<T> items, SplittableRandom random) {
        List<T> copy = new ArrayList<>(items);
        for (int i = copy.size() - 1; i > 0; i--) {
            Collections.swap(copy, i, random.nextInt(i + 1));
        }
        return copy;
    }

    /** One element, uniformly. */
    public static <T> T pick(List<T> items, SplittableRandom random) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("nothing to pick from");
        }
        return items.get(random.nextInt(items.size()));
    }

    /** True with the given probability. */
    public static boolean chance(double probability, SplittableRandom random) {
        return random.nextDouble() < probability;
    }

    /** A uniform double in [lo, hi]. */
    public static double between(double lo, double hi, SplittableRandom random) {
        return hi <= lo ? lo : lo + random.nextDouble() * (hi - lo);
    }

    /** The seed of one dataset item: mixes the dataset seed, the split and the index (SplitMix64 finaliser). */
    public static long itemSeed(long seed, Split split, int index) {
        long z = seed + 0x9E3779B97F4A7C15L * (split.ordinal() + 1) + 0xC2B2AE3D27D4EB4FL * (index + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
