package io.editstream.simulator;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compares two scenes object by object (matched by id) and lists, per object, which properties
 * differ — or that it was added or removed. This is how an edit is checked to change exactly one
 * thing: the diff of source and target must be exactly the property the edit names.
 */
public final class SceneDiff {
    private static final double SAME_X = 1e-9;

    /** A property of an object that an edit can change, or the object's coming or going. */
    public enum Property { SHAPE, COLOUR, SIZE, SUPPORT, X, POSE, FACING, ADDED, REMOVED }

    private SceneDiff() {
    }

    /** The changed properties of each object that differs, keyed by id in ascending order. */
    public static Map<Integer, Set<Property>> between(Scene source, Scene target) {
        Map<Integer, Set<Property>> diffs = new TreeMap<>();
        for (SceneObject a : source.objects()) {
            target.find(a.id()).ifPresentOrElse(b -> {
                Set<Property> changed = properties(a, b);
                if (!changed.isEmpty()) {
                    diffs.put(a.id(), changed);
                }
            }, () -> diffs.put(a.id(), EnumSet.of(Property.REMOVED)));
        }
        for (SceneObject b : target.objects()) {
            if (source.find(b.id()).isEmpty()) {
                diffs.put(b.id(), EnumSet.of(Property.ADDED));
            }
        }
        return diffs;
    }

    /** The properties in which two states of one object differ. */
    public static Set<Property> properties(SceneObject a, SceneObject b) {
        Set<Property> changed = EnumSet.noneOf(Property.class);
        if (a.shape() != b.shape()) {
            changed.add(Property.SHAPE);
        }
        if (a.colour() != b.colour()) {
            changed.add(Property.COLOUR);
        }
        if (a.size() != b.size()) {
            changed.add(Property.SIZE);
        }
        if (a.support() != b.support()) {
            changed.add(Property.SUPPORT);
        }
        if (Math.abs(a.x() - b.x()) > SAME_X) {
            changed.add(Property.X);
        }
        if (a.pose() != b.pose()) {
            changed.add(Property.POSE);
        }
        if (a.facing() != b.facing()) {
            changed.add(Property.FACING);
        }
        return changed;
    }
}
