package io.editstream.simulator;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every way one edit is asked for: the explicit instruction (a varied wording, used by EXPLICIT items),
 * its canonical wording (always the key's first explicit template, so it is a function of the edit
 * alone: the reasoner's target, which exact match is measured against), one hypothetical instruction
 * per ReasonBrain scenario (each implying the same single change), a no-change instruction that is
 * already true of the source image (for DiscEdit), and the object phrases the instructions name.
 */
public record Phrasing(String explicit, String canonical, Map<Category, String> hypothetical, String noChange,
                       List<String> objects) {

    public Phrasing {
        Objects.requireNonNull(explicit, "explicit");
        Objects.requireNonNull(canonical, "canonical");
        Objects.requireNonNull(noChange, "noChange");
        hypothetical = new EnumMap<>(hypothetical);
        for (Category c : Category.hypothetical()) {
            if (!hypothetical.containsKey(c)) {
                throw new IllegalArgumentException("missing the " + c + " instruction");
            }
        }
        if (hypothetical.containsKey(Category.EXPLICIT)) {
            throw new IllegalArgumentException("the explicit instruction is not a hypothetical one");
        }
        hypothetical = Collections.unmodifiableMap(hypothetical);
        objects = List.copyOf(objects);
    }

    /** The instruction of this category (the explicit one for {@link Category#EXPLICIT}). */
    public String instruction(Category category) {
        return category == Category.EXPLICIT ? explicit : hypothetical.get(category);
    }
}
