package io.editstream.simulator;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * One edit: its type, the object it acts on (for an addition, the new object), the object it is
 * relative to (or {@link #NO_REFERENCE}), a detail that instructions need (which side, which place,
 * larger or smaller) and the new states of the objects it changes. {@link #apply} builds the target
 * scene from the source and refuses, with an {@link InvalidEditException}, anything that is not
 * exactly one meaningful change — so the rendered pair is truly minimal by construction.
 */
public record Edit(EditType type, int subjectId, int referenceId, Detail detail, List<SceneObject> changed) {
    public static final int NO_REFERENCE = -1;

    /** What an instruction must say beyond the objects: a side, a place, or a direction of size. */
    public enum Detail {
        NONE, LEFT, RIGHT, FLOOR, TABLE, LARGER, SMALLER;

        /** "left" or "right" for a side. */
        public String word() {
            return switch (this) {
                case LEFT -> "left";
                case RIGHT -> "right";
                default -> throw new IllegalStateException(this + " is not a side");
            };
        }
    }

    public Edit {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(detail, "detail");
        changed = List.copyOf(changed);
        if (type.hasReference() == (referenceId == NO_REFERENCE)) {
            throw new IllegalArgumentException(type.task() + (type.hasReference()
                    ? " needs a reference object" : " takes no reference object"));
        }
    }

    public EditFamily family() {
        return type.family();
    }

    /** The target scene: the source with this edit's change, checked to be exactly one meaningful change. */
    public Scene apply(Scene source) {
        Scene target = source;
        if (type == EditType.COUNT_REMOVE) {
            target = target.remove(subjectId);
        } else if (type == EditType.COUNT_ADD) {
            for (SceneObject o : changed) {
                target = target.add(o);
            }
        } else {
            for (SceneObject o : changed) {
                target = target.replace(o);
            }
        }
        EditValidator.check(this, source, target);
        return target;
    }

    /** Whether {@link #apply} would accept this edit on this scene. */
    public boolean appliesTo(Scene source) {
        try {
            apply(source);
            return true;
        } catch (InvalidEditException | NoSuchElementException e) {
            return false;
        }
    }

    /** The phrase-template key: the task, refined where instructions differ (absolute place, size direction). */
    public String templateKey() {
        return switch (type) {
            case LOCATION_ABSOLUTE -> type.task() + switch (detail) {
                case FLOOR -> "/floor";
                case TABLE -> "/table";
                default -> "/end";
            };
            case ATTRIBUTE_SIZE -> type.task() + (detail == Detail.LARGER ? "/larger" : "/smaller");
            default -> type.task();
        };
    }
}
