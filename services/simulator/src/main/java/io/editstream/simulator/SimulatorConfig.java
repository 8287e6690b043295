package io.editstream.simulator;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What to generate: the seed (which fixes every image and word), how many triplets per split, the
 * image side in pixels, the output folder, whether an earlier dataset there may be replaced, and how
 * many train triplets to preview in a contact sheet (0 = none). A total count is split 80/10/10.
 */
public record SimulatorConfig(long seed, int train, int validation, int test, int size, Path out,
                              boolean overwrite, int contactSheet) {
    public static final int DEFAULT_SIZE = 64;

    public SimulatorConfig {
        Objects.requireNonNull(out, "out");
        if (train < 0 || validation < 0 || test < 0) {
            throw new IllegalArgumentException("split counts must not be negative: train=" + train
                    + " validation=" + validation + " test=" + test);
        }
        if (train + validation + test == 0) {
            throw new IllegalArgumentException("nothing to generate: every split count is 0");
        }
        if (size < SceneRenderer.MIN_SIZE || size > SceneRenderer.MAX_SIZE) {
            throw new IllegalArgumentException("--size must be " + SceneRenderer.MIN_SIZE + ".." + SceneRenderer.MAX_SIZE
                    + " pixels, was " + size);
        }
        if (contactSheet < 0) {
            throw new IllegalArgumentException("contact sheet size must not be negative, was " + contactSheet);
        }
    }

    /** {@code count} triplets in all: 10% validation, 10% test, the rest train. */
    public static SimulatorConfig ofTotal(long seed, int count, int size, Path out) {
        if (count < 1) {
            throw new IllegalArgumentException("--count must be at least 1, was " + count);
        }
        int held = count / 10;
        return new SimulatorConfig(seed, count - 2 * held, held, held, size, out, false, 0);
    }

    /** The number of triplets of one split. */
    public int count(Split split) {
        return switch (split) {
            case TRAIN -> train;
            case VALIDATION -> validation;
            case TEST -> test;
        };
    }

    public int total() {
        return train + validation + test;
    }

    public SimulatorConfig withOverwrite(boolean replace) {
        return new SimulatorConfig(seed, train, validation, test, size, out, replace, contactSheet);
    }

    public SimulatorConfig withContactSheet(int triplets) {
        return new SimulatorConfig(seed, train, validation, test, size, out, overwrite, triplets);
    }
}
