package io.editstream.simulator;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The four kinds of change after Kubric-Edit: where an object is (location), how it is turned
 * (rotation), how many objects there are (count) and what an object looks like (attribute). A
 * triplet carries exactly one edit of one family; datasets balance the families.
 */
public enum EditFamily {
    LOCATION, ROTATION, COUNT, ATTRIBUTE;

    /** The family's subtypes, in declaration order. */
    public List<EditType> types() {
        return Arrays.stream(EditType.values()).filter(t -> t.family() == this).toList();
    }

    /** The lowercase name used in task strings ("location"). */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
