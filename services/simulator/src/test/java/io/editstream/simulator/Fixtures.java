package io.editstream.simulator;

import io.editstream.simulator.SceneObject.Combo;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/** Shared test helpers: real sampled scenes with real edits, and pixel comparison. */
final class Fixtures {
    static final ComboSplit SPLITS = ComboSplit.of(1);
    static final List<Combo> TRAIN_POOL = SPLITS.pool(Split.TRAIN);

    record Case(Scene source, Edit edit, Scene target) {
    }

    private Fixtures() {
    }

    /** {@code wanted} edits of this type on scenes sampled from seeds 0, 1, 2, ... of the train pool. */
    static List<Case> cases(EditType type, int wanted) {
        List<Case> found = new ArrayList<>();
        for (long seed = 0; seed < 20_000 && found.size() < wanted; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            Scene scene = SceneSampler.sample(random, TRAIN_POOL);
            Optional<Edit> edit = EditProposer.propose(scene, type, TRAIN_POOL, random);
            edit.ifPresent(e -> found.add(new Case(scene, e, e.apply(scene))));
        }
        if (found.size() < wanted) {
            throw new AssertionError("found only " + found.size() + " " + type + " edits");
        }
        return found;
    }

    /** The smallest box holding every pixel that differs, or null when the images are equal. */
    static Rectangle diffBox(BufferedImage a, BufferedImage b) {
        Rectangle box = null;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    Rectangle px = new Rectangle(x, y, 1, 1);
                    box = box == null ? px : box.union(px);
                }
            }
        }
        return box;
    }

    /** The union of the renderer's bounds of the given objects in both scenes. */
    static Rectangle boundsOf(SceneRenderer renderer, Iterable<Integer> ids, Scene... scenes) {
        Rectangle box = null;
        for (Scene scene : scenes) {
            for (int id : ids) {
                Optional<SceneObject> o = scene.find(id);
                if (o.isPresent()) {
                    box = box == null ? renderer.bounds(o.get()) : box.union(renderer.bounds(o.get()));
                }
            }
        }
        return box;
    }
}
