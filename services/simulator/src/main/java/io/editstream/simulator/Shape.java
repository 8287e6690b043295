package io.editstream.simulator;

import java.util.Locale;

/**
 * The object shapes a scene can hold, with their proportions and which rotations they visibly show.
 * A rotation is only ever offered where the picture changes: a ball or cube looks the same fallen
 * over, upside down or turned around, a cylinder looks the same upside down or turned, so none of
 * those are offered. The direction an object faces shows on a mug (its handle) and on a cone or
 * bottle lying on its side (where the tip or neck points). Proportions are multiples of the object's
 * {@link SceneObject.Size} unit, for the upright pose; a fallen object swaps width and height.
 */
public enum Shape {
    BALL("ball", 1.0, 1.0, false, false),
    CUBE("cube", 0.95, 0.95, false, false),
    CYLINDER("cylinder", 0.8, 1.25, true, false),
    CONE("cone", 0.95, 1.25, true, true),
    MUG("mug", 1.05, 0.85, true, true),
    BOTTLE("bottle", 0.62, 1.4, true, true);

    private final String noun;
    private final double width;
    private final double height;
    private final boolean canFall;
    private final boolean canInvert;

    Shape(String noun, double width, double height, boolean canFall, boolean canInvert) {
        this.noun = noun;
        this.width = width;
        this.height = height;
        this.canFall = canFall;
        this.canInvert = canInvert;
    }

    /** The word used in instructions ("ball"). */
    public String noun() {
        return noun;
    }

    /** Width in size units for the given pose (a fallen object lies along its height). */
    public double width(SceneObject.Pose pose) {
        return pose == SceneObject.Pose.FALLEN ? height : width;
    }

    /** Height in size units for the given pose. */
    public double height(SceneObject.Pose pose) {
        return pose == SceneObject.Pose.FALLEN ? width : height;
    }

    /** Whether lying on its side looks different from standing. */
    public boolean canFall() {
        return canFall;
    }

    /** Whether standing on its top looks different from standing upright. */
    public boolean canInvert() {
        return canInvert;
    }

    /** Whether the facing direction is visible in this pose, so "turn around" changes the picture. */
    public boolean showsFacing(SceneObject.Pose pose) {
        return switch (this) {
            case MUG -> true;
            case CONE, BOTTLE -> pose == SceneObject.Pose.FALLEN;
            default -> false;
        };
    }

    /** Whether the shape can be in this pose at all. */
    public boolean allows(SceneObject.Pose pose) {
        return switch (pose) {
            case UPRIGHT -> true;
            case FALLEN -> canFall;
            case UPSIDE_DOWN -> canInvert;
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
