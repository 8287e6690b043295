package io.editstream.simulator;

import java.util.Locale;

/**
 * The subtypes of each edit family (Kubric-Edit's change types): moving an object beside another,
 * to an absolute place (an end of its support, onto the floor or the table), closer to or further
 * from another, or swapping two; turning an object around, making it fall over or standing it upside
 * down; adding or removing one object; changing one object's colour, size or shape. The task string
 * written to datasets is {@code family/subtype}, e.g. {@code location/relative}.
 */
public enum EditType {
    // FAMILY_SUBTYPE: the family and the subtype of the task string are read off the name
    LOCATION_RELATIVE, LOCATION_ABSOLUTE, LOCATION_CLOSER, LOCATION_FURTHER, LOCATION_SWAP,
    ROTATION_TURN_AROUND, ROTATION_FALL_OVER, ROTATION_UPSIDE_DOWN,
    COUNT_ADD, COUNT_REMOVE,
    ATTRIBUTE_COLOUR, ATTRIBUTE_SIZE, ATTRIBUTE_SHAPE;

    private final EditFamily family;
    private final String subtype;

    EditType() {
        int cut = name().indexOf('_');
        this.family = EditFamily.valueOf(name().substring(0, cut));
        this.subtype = name().substring(cut + 1).toLowerCase(Locale.ROOT);
    }

    public EditFamily family() {
        return family;
    }

    public String subtype() {
        return subtype;
    }

    /** The dataset task string, {@code family/subtype}. */
    public String task() {
        return family.word() + "/" + subtype;
    }

    /** Whether the edit names a second object (the reference) besides the one it changes. */
    public boolean hasReference() {
        return switch (this) {
            case LOCATION_RELATIVE, LOCATION_CLOSER, LOCATION_FURTHER, LOCATION_SWAP, COUNT_ADD -> true;
            default -> false;
        };
    }
}
