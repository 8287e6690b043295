package io.editstream.simulator;

import java.util.Objects;

/**
 * One dataset item: a source scene, the target scene that one edit makes of it, the edit, every
 * phrasing of it, and the category whose instruction this item uses. Its id and file stem come
 * from its split and index ({@code train-00042}, {@code 00042}).
 */
public record Triplet(Split split, int index, Scene source, Scene target, Edit edit, Phrasing phrasing,
                      Category category) {

    public Triplet {
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(edit, "edit");
        Objects.requireNonNull(phrasing, "phrasing");
        Objects.requireNonNull(category, "category");
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, was " + index);
        }
    }

    /** The file stem, five digits: "00042". */
    public String stem() {
        return String.format("%05d", index);
    }

    /** The dataset-wide id: "train-00042". */
    public String id() {
        return split.folder() + "-" + stem();
    }

    /** The instruction of this item's category. */
    public String instruction() {
        return phrasing.instruction(category);
    }
}
