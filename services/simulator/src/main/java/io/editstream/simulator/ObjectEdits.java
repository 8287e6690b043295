package io.editstream.simulator;

import io.editstream.simulator.Edit.Detail;
import io.editstream.simulator.SceneObject.Combo;
import io.editstream.simulator.SceneObject.Pose;
import io.editstream.simulator.SceneObject.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Candidate rotation, count and attribute edits for a scene, in random order. Rotations are offered
 * only where the shape shows them; an added object stands upright right beside another; colours and
 * shapes change only to phrases of the split's pool that the scene does not already hold, so every
 * object phrase stays unique and inside its split.
 */
final class ObjectEdits {
    private ObjectEdits() {
    }

    static List<Edit> candidates(Scene scene, EditType type, List<Combo> pool, SplittableRandom random) {
        List<Edit> out = new ArrayList<>();
        if (type == EditType.COUNT_ADD) {
            add(scene, pool, random, out);
            return out;
        }
        for (SceneObject s : Randoms.shuffled(scene.objects(), random)) {
            switch (type) {
                case ROTATION_TURN_AROUND -> {
                    if (s.shape().showsFacing(s.pose())) {
                        out.add(single(type, s, Detail.NONE, s.withFacing(s.facing().opposite())));
                    }
                }
                case ROTATION_FALL_OVER -> {
                    if (s.pose() == Pose.UPRIGHT && s.shape().canFall()) {
                        out.add(single(type, s, Detail.NONE, s.withPose(Pose.FALLEN)));
                    }
                }
                case ROTATION_UPSIDE_DOWN -> {
                    if (s.pose() == Pose.UPRIGHT && s.shape().canInvert()) {
                        out.add(single(type, s, Detail.NONE, s.withPose(Pose.UPSIDE_DOWN)));
                    }
                }
                case COUNT_REMOVE -> {
                    if (scene.objects().size() > Layout.MIN_OBJECTS) {
                        out.add(new Edit(type, s.id(), Edit.NO_REFERENCE, Detail.NONE, List.of()));
                    }
                }
                case ATTRIBUTE_COLOUR -> {
                    for (Combo c : unused(scene, pool, random)) {
                        if (c.shape() == s.shape()) {
                            out.add(single(type, s, Detail.NONE, s.withColour(c.colour())));
                        }
                    }
                }
                case ATTRIBUTE_SIZE -> {
                    Size other = s.size() == Size.SMALL ? Size.LARGE : Size.SMALL;
                    out.add(single(type, s, other == Size.LARGE ? Detail.LARGER : Detail.SMALLER, s.withSize(other)));
                }
                case ATTRIBUTE_SHAPE -> {
                    if (s.pose() == Pose.UPRIGHT) {
                        for (Combo c : unused(scene, pool, random)) {
                            if (c.colour() == s.colour()) {
                                out.add(single(type, s, Detail.NONE, s.withShape(c.shape())));
                            }
                        }
                    }
                }
                default -> throw new IllegalArgumentException(type + " is not a rotation, count or attribute edit");
            }
        }
        return out;
    }

    private static void add(Scene scene, List<Combo> pool, SplittableRandom random, List<Edit> out) {
        if (scene.objects().size() >= Layout.MAX_OBJECTS) {
            return;
        }
        for (Combo c : unused(scene, pool, random)) {
            SceneObject fresh = SceneSampler.newObject(scene.nextId(), c, random).withPose(Pose.UPRIGHT);
            for (SceneObject r : Randoms.shuffled(scene.objects(), random)) {
                for (Detail side : Randoms.shuffled(List.of(Detail.LEFT, Detail.RIGHT), random)) {
                    SceneObject placed = fresh.withPlace(r.support(), r.x());
                    LocationEdits.beside(scene, placed, r, side, random).ifPresent(x -> out.add(
                            new Edit(EditType.COUNT_ADD, fresh.id(), r.id(), side, List.of(placed.withPlace(r.support(), x)))));
                }
            }
        }
    }

    private static Edit single(EditType type, SceneObject s, Detail detail, SceneObject after) {
        return new Edit(type, s.id(), Edit.NO_REFERENCE, detail, List.of(after));
    }

    /** The pool's phrases the scene does not use yet, in random order. */
    private static List<Combo> unused(Scene scene, List<Combo> pool, SplittableRandom random) {
        return Randoms.shuffled(pool.stream().filter(c -> scene.find(c).isEmpty()).toList(), random);
    }
}
