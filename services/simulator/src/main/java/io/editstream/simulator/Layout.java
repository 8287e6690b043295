package io.editstream.simulator;

import io.editstream.simulator.SceneObject.Support;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The geometry every scene must respect, in canvas units (0..1, y down). Objects stand in a row
 * on the table top or on the floor in front of the table; on each support they keep inside its
 * extent and at least {@link #GAP} apart, so no two objects (or their shadows) ever touch and a
 * change to one object never alters the pixels of another. A scene holds 2 to 6 objects, each
 * (colour, shape) at most once so that every object phrase names exactly one object.
 */
public final class Layout {
    public static final int MIN_OBJECTS = 2;
    public static final int MAX_OBJECTS = 6;
    /** Free space between neighbours on one support. */
    public static final double GAP = 0.03;
    /** The least horizontal move that counts as a visible change of place. */
    public static final double MIN_MOVE = 0.1;
    public static final double TABLE_LEFT = 0.14;
    public static final double TABLE_RIGHT = 0.86;
    public static final double TABLE_TOP = 0.51;
    public static final double FLOOR_BASE = 0.95;
    public static final double HORIZON = 0.70;

    private Layout() {
    }

    /** Leftmost position of an object's left side on a support. */
    public static double minX(Support support) {
        return support == Support.TABLE ? TABLE_LEFT + 0.02 : 0.03;
    }

    /** Rightmost position of an object's right side on a support. */
    public static double maxX(Support support) {
        return support == Support.TABLE ? TABLE_RIGHT - 0.02 : 0.97;
    }

    /** The y of the line objects on this support stand on. */
    public static double baseY(Support support) {
        return support == Support.TABLE ? TABLE_TOP : FLOOR_BASE;
    }

    /** Everything wrong with a scene's layout; empty when it is valid. */
    public static List<String> problems(Scene scene) {
        List<String> problems = new ArrayList<>();
        int n = scene.objects().size();
        if (n < MIN_OBJECTS || n > MAX_OBJECTS) {
            problems.add("a scene holds " + MIN_OBJECTS + " to " + MAX_OBJECTS + " objects, not " + n);
        }
        Set<Integer> ids = new HashSet<>();
        Set<SceneObject.Combo> combos = new HashSet<>();
        for (SceneObject o : scene.objects()) {
            if (!ids.add(o.id())) {
                problems.add("id " + o.id() + " is used twice");
            }
            if (!combos.add(o.combo())) {
                problems.add("two objects are both a " + o.describe());
            }
            if (o.left() < minX(o.support()) - 1e-9 || o.right() > maxX(o.support()) + 1e-9) {
                problems.add("the " + o.describe() + " sticks out of " + o.support().phrase());
            }
        }
        for (Support support : Support.values()) {
            List<SceneObject> row = scene.on(support);
            for (int i = 1; i < row.size(); i++) {
                if (row.get(i).left() - row.get(i - 1).right() < GAP - 1e-9) {
                    problems.add("the " + row.get(i - 1).describe() + " and the " + row.get(i).describe()
                            + " are too close on " + support.phrase());
                }
            }
        }
        return problems;
    }

    public static boolean isValid(Scene scene) {
        return problems(scene).isEmpty();
    }

    /**
     * Where the centre of an object of this width may go on a support, keeping {@link #GAP} from
     * every object there except {@code ignoredId}: disjoint [lo, hi] intervals, left to right.
     */
    public static List<double[]> freeCentres(Scene scene, Support support, double width, int ignoredId) {
        List<double[]> free = new ArrayList<>();
        double lo = minX(support) + width / 2;
        for (SceneObject o : scene.on(support)) {
            if (o.id() == ignoredId) {
                continue;
            }
            double hi = o.left() - GAP - width / 2;
            if (hi >= lo) {
                free.add(new double[] {lo, hi});
            }
            lo = Math.max(lo, o.right() + GAP + width / 2);
        }
        double hi = maxX(support) - width / 2;
        if (hi >= lo) {
            free.add(new double[] {lo, hi});
        }
        return free;
    }

    /** A uniformly drawn point of {@code intervals} ∩ [lo, hi], or empty when they do not meet. */
    public static OptionalDouble pick(List<double[]> intervals, double lo, double hi, SplittableRandom random) {
        List<double[]> clipped = new ArrayList<>();
        double total = 0;
        for (double[] iv : intervals) {
            double a = Math.max(iv[0], lo);
            double b = Math.min(iv[1], hi);
            if (b >= a) {
                clipped.add(new double[] {a, b});
                total += b - a;
            }
        }
        if (clipped.isEmpty()) {
            return OptionalDouble.empty();
        }
        double t = total > 0 ? random.nextDouble() * total : 0;
        for (double[] iv : clipped) {
            if (t <= iv[1] - iv[0]) {
                return OptionalDouble.of(iv[0] + t);
            }
            t -= iv[1] - iv[0];
        }
        double[] last = clipped.get(clipped.size() - 1);
        return OptionalDouble.of(last[1]);
    }

    /** The interval of free centres containing the object's own position (it can slide there unhindered). */
    public static double[] slideRange(Scene scene, SceneObject object) {
        for (double[] iv : freeCentres(scene, object.support(), object.width(), object.id())) {
            if (iv[0] <= object.x() + 1e-9 && object.x() <= iv[1] + 1e-9) {
                return iv;
            }
        }
        return new double[] {object.x(), object.x()};
    }
}
