package io.editstream.simulator;

import io.editstream.simulator.SceneObject.Combo;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Makes dataset item {@code index} of a split from the dataset seed alone: its own generator is
 * seeded from (seed, split, index), so any item can be made on its own and the same seed always
 * gives the same items. Families and categories are balanced by cycling (item i gets family i mod 4
 * and category i mod 5, so every pair occurs once per 20 items); the subtype is drawn uniformly and
 * scenes are drawn until one allows it, falling back to any subtype of the family. All objects come
 * from the split's own phrase pool.
 */
public record TripletGenerator(long seed, ComboSplit splits, Phraser phraser) {
    private static final int SCENES_PER_SUBTYPE = 40;
    private static final int SCENES_PER_FAMILY = 200;
    private static final long HELD_OUT_SALT = 0x4E1D0017L;

    /** A generator with the split partition of {@code seed} and the bundled phrase templates. */
    public static TripletGenerator forSeed(long seed) {
        return new TripletGenerator(seed, ComboSplit.of(seed), Phraser.load());
    }

    /** Item {@code index} of {@code split}. */
    public Triplet generate(Split split, int index) {
        SplittableRandom random = new SplittableRandom(Randoms.itemSeed(seed, split, index));
        EditFamily family = EditFamily.values()[index % EditFamily.values().length];
        Category category = Category.values()[index % Category.values().length];
        List<Combo> pool = splits.pool(split);
        EditType type = Randoms.pick(family.types(), random);
        for (int i = 0; i < SCENES_PER_SUBTYPE; i++) {
            Scene scene = SceneSampler.sample(random, pool);
            Optional<Edit> edit = EditProposer.propose(scene, type, pool, random);
            if (edit.isPresent()) {
                return triplet(split, index, scene, edit.get(), category, random);
            }
        }
        for (int i = 0; i < SCENES_PER_FAMILY; i++) {
            Scene scene = SceneSampler.sample(random, pool);
            Optional<Edit> edit = EditProposer.propose(scene, family, pool, random);
            if (edit.isPresent()) {
                return triplet(split, index, scene, edit.get(), category, random);
            }
        }
        throw new IllegalStateException("no " + family.word() + " edit found in " + SCENES_PER_FAMILY
                + " scenes of the " + split.folder() + " split (item " + index + ")");
    }

    /** The triplet's instruction in a held-out phrasing, from a generator of its own (the item itself stays as it was). */
    public String heldOutInstruction(Triplet t) {
        SplittableRandom random = new SplittableRandom(Randoms.itemSeed(seed, t.split(), t.index()) ^ HELD_OUT_SALT);
        return phraser.heldOut(t.source(), t.edit(), t.category(), random);
    }

    private Triplet triplet(Split split, int index, Scene scene, Edit edit, Category category, SplittableRandom random) {
        Scene target = edit.apply(scene);
        Phrasing phrasing = phraser.phrase(scene, edit, random);
        return new Triplet(split, index, scene, target, edit, phrasing, category);
    }
}
