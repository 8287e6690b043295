package io.editstream.simulator;

import io.editstream.simulator.SceneObject.Combo;
import io.editstream.simulator.SceneObject.Facing;
import io.editstream.simulator.SceneObject.Pose;
import io.editstream.simulator.SceneObject.Size;
import io.editstream.simulator.SceneObject.Support;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.SplittableRandom;

/**
 * Draws random valid scenes from a seeded generator: 2 to 6 objects whose phrases come from one
 * split's pool (each at most once), placed on the table (more often) or the floor at free spots
 * that keep {@link Layout#GAP} from their neighbours. Most objects stand upright; some lie on their
 * side or stand upside down where their shape shows it, so that rotations like "turn the fallen
 * cone around" have something to act on. The same generator state always yields the same scene.
 */
public final class SceneSampler {
    private static final double ON_TABLE = 0.6;
    private static final double NOT_UPRIGHT = 0.2;

    private SceneSampler() {
    }

    /** A scene of 2..6 objects (at most the pool size) using only phrases from {@code pool}. */
    public static Scene sample(SplittableRandom random, List<Combo> pool) {
        if (pool.size() < Layout.MIN_OBJECTS) {
            throw new IllegalArgumentException("a pool needs at least " + Layout.MIN_OBJECTS + " object phrases");
        }
        int wanted = Layout.MIN_OBJECTS
                + random.nextInt(Math.min(Layout.MAX_OBJECTS, pool.size()) - Layout.MIN_OBJECTS + 1);
        List<Combo> combos = Randoms.shuffled(pool, random);
        Scene scene = new Scene(List.of());
        for (int i = 0; i < combos.size() && scene.objects().size() < wanted; i++) {
            SceneObject candidate = newObject(scene.nextId(), combos.get(i), random);
            Support first = Randoms.chance(ON_TABLE, random) ? Support.TABLE : Support.FLOOR;
            for (Support support : List.of(first, first == Support.TABLE ? Support.FLOOR : Support.TABLE)) {
                OptionalDouble x = place(scene, candidate.withPlace(support, 0.5), random);
                if (x.isPresent()) {
                    scene = scene.add(candidate.withPlace(support, x.getAsDouble()));
                    break;
                }
            }
        }
        if (!Layout.isValid(scene)) {
            throw new IllegalStateException("sampled an invalid scene: " + Layout.problems(scene));
        }
        return scene;
    }

    /** A new object with a random size, pose and facing; its place is set by the caller. */
    public static SceneObject newObject(int id, Combo combo, SplittableRandom random) {
        Size size = Randoms.pick(List.of(Size.values()), random);
        Facing facing = Randoms.pick(List.of(Facing.values()), random);
        Pose pose = Pose.UPRIGHT;
        if (Randoms.chance(NOT_UPRIGHT, random)) {
            List<Pose> others = new ArrayList<>();
            for (Pose p : Pose.values()) {
                if (p != Pose.UPRIGHT && combo.shape().allows(p)) {
                    others.add(p);
                }
            }
            if (!others.isEmpty()) {
                pose = Randoms.pick(others, random);
            }
        }
        return new SceneObject(id, combo.shape(), combo.colour(), size, Support.TABLE, 0.5, pose, facing);
    }

    /** A free centre for {@code object} on its support anywhere, or empty when there is no room. */
    public static OptionalDouble place(Scene scene, SceneObject object, SplittableRandom random) {
        return Layout.pick(Layout.freeCentres(scene, object.support(), object.width(), object.id()),
                Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, random);
    }
}
