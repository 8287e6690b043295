package io.editstream.simulator;

/**
 * The subtypes of each edit family (Kubric-Edit's change types): moving an object beside another,
 * to an absolute place (an end of its support, onto the floor or the table), closer to or further
 * from another, or swapping two; turning an object around, making it fall over or standing it upside
 * down; adding or removing one object; changing one object's colour, size or shape. The task string
 * written to datasets is {@code family/subtype}, e.g. {@code location/relative}.
 */
public enum EditType {
    LOCATION_RELATIVE(EditFamily.LOCATION, "relative"),
    LOCATION_ABSOLUTE(EditFamily.LOCATION, "absolute"),
    LOCATION_CLOSER(EditFamily.LOCATION, "closer"),
    LOCATION_FURTHER(EditFamily.LOCATION, "further"),
    LOCATION_SWAP(EditFamily.LOCATION, "swap"),
    ROTATION_TURN_AROUND(EditFamily.ROTATION, "turn_around"),
    ROTATION_FALL_OVER(EditFamily.ROTATION, "fall_over"),
    ROTATION_UPSIDE_DOWN(EditFamily.ROTATION, "upside_down"),
    COUNT_ADD(EditFamily.COUNT, "add"),
    COUNT_REMOVE(EditFamily.COUNT, "remove"),
    ATTRIBUTE_COLOUR(EditFamily.ATTRIBUTE, "colour"),
    ATTRIBUTE_SIZE(EditFamily.ATTRIBUTE, "size"),
    ATTRIBUTE_SHAPE(EditFamily.ATTRIBUTE, "shape");

    private final EditFamily family;
    private final String subtype;

    EditType(EditFamily family, String subtype) {
        this.family = family;
        this.subtype = subtype;
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
