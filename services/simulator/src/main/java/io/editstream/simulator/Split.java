package io.editstream.simulator;

import java.util.Locale;

/** A dataset split; its folder name is the lowercase name (train/, validation/, test/). */
public enum Split {
    TRAIN, VALIDATION, TEST;

    public String folder() {
        return name().toLowerCase(Locale.ROOT);
    }
}
