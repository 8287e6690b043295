package io.editstream.simulator;

import io.editstream.simulator.SceneObject.Combo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Finds a random edit of a given type that the scene allows, or reports that none exists. Only
 * meaningful edits are offered: every candidate must pass {@link Edit#apply}, so a ball is never
 * asked to fall over, a colour never changes to itself, and nothing is moved where it does not fit.
 * New object phrases (added objects, new colours and shapes) come from the split's pool, so an edit
 * never brings a held-out phrase into another split.
 */
public final class EditProposer {
    private EditProposer() {
    }

    /** A random valid edit of this type, or empty when the scene offers none. */
    public static Optional<Edit> propose(Scene scene, EditType type, List<Combo> pool, SplittableRandom random) {
        List<Edit> candidates = switch (type.family()) {
            case LOCATION -> LocationEdits.candidates(scene, type, random);
            case ROTATION, COUNT, ATTRIBUTE -> ObjectEdits.candidates(scene, type, pool, random);
        };
        for (Edit candidate : candidates) {
            if (candidate.appliesTo(scene)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** A random valid edit of the family: its subtypes are tried in random order. */
    public static Optional<Edit> propose(Scene scene, EditFamily family, List<Combo> pool, SplittableRandom random) {
        for (EditType type : Randoms.shuffled(family.types(), random)) {
            Optional<Edit> edit = propose(scene, type, pool, random);
            if (edit.isPresent()) {
                return edit;
            }
        }
        return Optional.empty();
    }

    /** The other objects of the scene, in random order. */
    static List<SceneObject> others(Scene scene, SceneObject subject, SplittableRandom random) {
        List<SceneObject> others = new ArrayList<>(scene.objects());
        others.remove(subject);
        return Randoms.shuffled(others, random);
    }
}
