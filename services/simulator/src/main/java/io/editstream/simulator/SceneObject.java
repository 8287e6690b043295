package io.editstream.simulator;

import java.util.Locale;
import java.util.Objects;

/**
 * One object in a scene: what it is (shape, colour, size), where it stands (support and the
 * horizontal position of its centre, in canvas units 0..1) and how it is turned (pose, facing).
 * The id is stable across an edit, so the source and target scenes can be compared object by
 * object; the (colour, shape) pair is unique within a scene, so "the red ball" always names one
 * object. Every property is a value: changing one gives a new object through a {@code with...} method.
 */
public record SceneObject(int id, Shape shape, Colour colour, Size size, Support support, double x,
                          Pose pose, Facing facing) {

    /** Small or large; the unit (canvas fraction) the shape's proportions are multiplied by. */
    public enum Size {
        SMALL(0.12), LARGE(0.17);

        private final double unit;

        Size(double unit) {
            this.unit = unit;
        }

        public double unit() {
            return unit;
        }

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What the object stands on. */
    public enum Support {
        TABLE, FLOOR;

        public String phrase() {
            return "the " + name().toLowerCase(Locale.ROOT);
        }
    }

    /** How the object is turned: standing, lying on its side, or standing on its top. */
    public enum Pose {
        UPRIGHT("standing upright"), FALLEN("lying on its side"), UPSIDE_DOWN("upside down");

        private final String phrase;

        Pose(String phrase) {
            this.phrase = phrase;
        }

        public String phrase() {
            return phrase;
        }
    }

    /** Which way the object's front (mug handle, cone tip or bottle neck when lying) points. */
    public enum Facing {
        LEFT, RIGHT;

        public Facing opposite() {
            return this == LEFT ? RIGHT : LEFT;
        }
    }

    public SceneObject {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(colour, "colour");
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(support, "support");
        Objects.requireNonNull(pose, "pose");
        Objects.requireNonNull(facing, "facing");
        if (!shape.allows(pose)) {
            throw new IllegalArgumentException("a " + shape.noun() + " cannot be " + pose.phrase());
        }
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("x must be finite, was " + x);
        }
    }

    /** The object's (colour, shape) pair, the unit splits hold out. */
    public Combo combo() {
        return new Combo(colour, shape);
    }

    /** The noun phrase without article, e.g. "red ball". */
    public String describe() {
        return combo().phrase();
    }

    /** Footprint width in canvas units. */
    public double width() {
        return shape.width(pose) * size.unit();
    }

    /** Height in canvas units. */
    public double height() {
        return shape.height(pose) * size.unit();
    }

    public double left() {
        return x - width() / 2;
    }

    public double right() {
        return x + width() / 2;
    }

    public SceneObject withPlace(Support newSupport, double newX) {
        return new SceneObject(id, shape, colour, size, newSupport, newX, pose, facing);
    }

    public SceneObject withPose(Pose newPose) {
        return new SceneObject(id, shape, colour, size, support, x, newPose, facing);
    }

    public SceneObject withFacing(Facing newFacing) {
        return new SceneObject(id, shape, colour, size, support, x, pose, newFacing);
    }

    public SceneObject withColour(Colour newColour) {
        return new SceneObject(id, shape, newColour, size, support, x, pose, facing);
    }

    public SceneObject withSize(Size newSize) {
        return new SceneObject(id, shape, colour, newSize, support, x, pose, facing);
    }

    public SceneObject withShape(Shape newShape) {
        return new SceneObject(id, newShape, colour, size, support, x, pose, facing);
    }

    /** A (colour, shape) pair: the object phrase ("red ball") that dataset splits keep apart. */
    public record Combo(Colour colour, Shape shape) implements Comparable<Combo> {
        public String phrase() {
            return colour.word() + " " + shape.noun();
        }

        @Override
        public int compareTo(Combo other) {
            int c = colour.compareTo(other.colour);
            return c != 0 ? c : shape.compareTo(other.shape);
        }
    }
}
