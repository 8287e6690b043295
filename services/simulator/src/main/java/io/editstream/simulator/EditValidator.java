package io.editstream.simulator;

import io.editstream.simulator.Edit.Detail;
import io.editstream.simulator.SceneDiff.Property;
import io.editstream.simulator.SceneObject.Pose;
import io.editstream.simulator.SceneObject.Support;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks that an edit's target differs from its source by exactly the one meaningful change its type
 * names, and nothing else: a move changes only the moved object's place, visibly (another support or
 * at least {@link Layout#MIN_MOVE}), and makes its relation newly true; a rotation changes only a pose
 * or facing the shape actually shows; a count edit adds or removes one object and touches no other;
 * an attribute edit changes one of colour, size or shape to a different value. The target must also
 * be a valid layout with every object phrase still unique.
 */
final class EditValidator {
    private static final double END_TOLERANCE = 0.03;
    private static final Set<Property> PLACE = EnumSet.of(Property.SUPPORT, Property.X);

    private EditValidator() {
    }

    static void check(Edit e, Scene source, Scene target) {
        List<String> layout = Layout.problems(target);
        if (!layout.isEmpty()) {
            fail(e, "the edited scene is not a valid layout: " + String.join("; ", layout));
        }
        Map<Integer, Set<Property>> diff = SceneDiff.between(source, target);
        SceneObject before = source.find(e.subjectId()).orElse(null);
        SceneObject after = target.find(e.subjectId()).orElse(null);
        SceneObject ref = e.referenceId() == Edit.NO_REFERENCE ? null : source.find(e.referenceId()).orElse(null);
        require(e, before != null || e.type() == EditType.COUNT_ADD, "object " + e.subjectId() + " is not in the scene");
        require(e, after != null || e.type() == EditType.COUNT_REMOVE, "object " + e.subjectId() + " is missing afterwards");
        require(e, before == null || e.type() != EditType.COUNT_ADD, "an added object needs a new id");
        if (e.type().hasReference() && (ref == null || !ref.equals(target.find(ref.id()).orElse(null))
                && e.type() != EditType.LOCATION_SWAP)) {
            fail(e, "the reference object must exist and stay as it is");
        }
        switch (e.type()) {
            case LOCATION_RELATIVE, LOCATION_ABSOLUTE, LOCATION_CLOSER, LOCATION_FURTHER -> {
                only(e, diff, e.subjectId(), PLACE);
                require(e, after.support() != before.support()
                        || Math.abs(after.x() - before.x()) >= Layout.MIN_MOVE - 1e-9, "the move is too small to see");
                location(e, before, after, ref, target);
            }
            case LOCATION_SWAP -> {
                require(e, diff.keySet().equals(Set.of(e.subjectId(), e.referenceId()))
                        && PLACE.containsAll(diff.get(e.subjectId())) && PLACE.containsAll(diff.get(e.referenceId())),
                        "a swap changes only the places of its two objects, diff was " + diff);
                SceneObject refAfter = target.object(ref.id());
                require(e, after.support() == ref.support() && after.x() == ref.x()
                        && refAfter.support() == before.support() && refAfter.x() == before.x(),
                        "the two objects must trade places");
                require(e, before.support() != ref.support() || Math.abs(before.x() - ref.x()) >= Layout.MIN_MOVE,
                        "the two objects are too close for a visible swap");
            }
            case ROTATION_TURN_AROUND -> {
                only(e, diff, e.subjectId(), EnumSet.of(Property.FACING));
                require(e, before.shape().showsFacing(before.pose()),
                        "a " + before.shape().noun() + " " + before.pose().phrase() + " looks the same turned around");
            }
            case ROTATION_FALL_OVER, ROTATION_UPSIDE_DOWN -> {
                only(e, diff, e.subjectId(), EnumSet.of(Property.POSE));
                Pose wanted = e.type() == EditType.ROTATION_FALL_OVER ? Pose.FALLEN : Pose.UPSIDE_DOWN;
                require(e, before.pose() == Pose.UPRIGHT && after.pose() == wanted,
                        "the object must go from upright to " + wanted.phrase());
            }
            case COUNT_ADD -> {
                only(e, diff, e.subjectId(), EnumSet.of(Property.ADDED));
                require(e, after.support() == ref.support() && adjacent(target, after, ref, e.detail()),
                        "the new object must stand right " + e.detail() + " of the reference object");
            }
            case COUNT_REMOVE -> only(e, diff, e.subjectId(), EnumSet.of(Property.REMOVED));
            case ATTRIBUTE_COLOUR -> only(e, diff, e.subjectId(), EnumSet.of(Property.COLOUR));
            case ATTRIBUTE_SIZE -> {
                only(e, diff, e.subjectId(), EnumSet.of(Property.SIZE));
                boolean larger = after.size().unit() > before.size().unit();
                require(e, e.detail() == (larger ? Detail.LARGER : Detail.SMALLER), "the size changed the other way");
            }
            case ATTRIBUTE_SHAPE -> {
                only(e, diff, e.subjectId(), EnumSet.of(Property.SHAPE));
                require(e, before.pose() == Pose.UPRIGHT, "only an upright object changes shape");
            }
        }
    }

    private static void location(Edit e, SceneObject before, SceneObject after, SceneObject ref, Scene target) {
        switch (e.type()) {
            case LOCATION_RELATIVE -> {
                require(e, after.support() == ref.support() && adjacent(target, after, ref, e.detail()),
                        "the object must end up right " + e.detail() + " of the reference object");
                require(e, before.support() != ref.support() || side(before, ref) != e.detail(),
                        "the object was already " + e.detail() + " of the reference object");
            }
            case LOCATION_ABSOLUTE -> {
                switch (e.detail()) {
                    case FLOOR -> require(e, before.support() == Support.TABLE && after.support() == Support.FLOOR,
                            "the object must go from the table to the floor");
                    case TABLE -> require(e, before.support() == Support.FLOOR && after.support() == Support.TABLE,
                            "the object must go from the floor to the table");
                    case LEFT, RIGHT -> {
                        Support s = after.support();
                        List<SceneObject> row = target.on(s);
                        boolean left = e.detail() == Detail.LEFT;
                        require(e, s == before.support() && row.get(left ? 0 : row.size() - 1).id() == after.id()
                                && (left ? after.left() - Layout.minX(s) : Layout.maxX(s) - after.right()) <= END_TOLERANCE,
                                "the object must end up at the " + e.detail().word() + " end of " + s.phrase());
                    }
                    default -> fail(e, "an absolute move needs a place, not " + e.detail());
                }
            }
            default -> {
                boolean closer = e.type() == EditType.LOCATION_CLOSER;
                require(e, before.support() == ref.support() && after.support() == ref.support()
                        && side(before, ref) == side(after, ref), "the object must stay on the same side of the reference");
                double change = Math.abs(after.x() - ref.x()) - Math.abs(before.x() - ref.x());
                require(e, closer ? change <= -Layout.MIN_MOVE + 1e-9 : change >= Layout.MIN_MOVE - 1e-9,
                        "the object must move at least " + Layout.MIN_MOVE + (closer ? " closer" : " further"));
                double lo = Math.min(before.x(), after.x());
                double hi = Math.max(before.x(), after.x());
                require(e, target.on(after.support()).stream().noneMatch(o -> o.id() != after.id() && o.x() > lo && o.x() < hi),
                        "the object must slide there without passing another object");
            }
        }
    }

    /** Which side of {@code ref} the object is on. */
    static Detail side(SceneObject o, SceneObject ref) {
        return o.x() < ref.x() ? Detail.LEFT : Detail.RIGHT;
    }

    /** Whether {@code o} stands on {@code side} of {@code ref} with no object between them. */
    static boolean adjacent(Scene scene, SceneObject o, SceneObject ref, Detail side) {
        List<SceneObject> row = scene.on(ref.support());
        int i = row.indexOf(o);
        int j = row.indexOf(ref);
        return i >= 0 && j >= 0 && (side == Detail.LEFT ? i == j - 1 : i == j + 1);
    }

    private static void only(Edit e, Map<Integer, Set<Property>> diff, int id, Set<Property> allowed) {
        require(e, diff.size() == 1 && diff.containsKey(id) && allowed.containsAll(diff.get(id)),
                "it must change only " + allowed + " of object " + id + ", but the scenes differ in " + diff);
    }

    private static void require(Edit e, boolean condition, String why) {
        if (!condition) {
            fail(e, why);
        }
    }

    private static void fail(Edit e, String why) {
        throw new InvalidEditException(e.type().task() + " edit of object " + e.subjectId() + " is not one meaningful change: " + why);
    }
}
