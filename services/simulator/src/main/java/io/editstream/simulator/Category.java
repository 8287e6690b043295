package io.editstream.simulator;

import java.util.List;

/**
 * How an instruction asks for its edit: explicitly ("move the red ball to the left of the blue
 * cube") or hypothetically in one of ReasonBrain's four scenarios — physical (a physical cause),
 * temporal (a later point in time), causal (an event and its consequence) or story (a short
 * narrative). The order matches the reasoner's classification logits.
 */
public enum Category {
    EXPLICIT, PHYSICAL, TEMPORAL, CAUSAL, STORY;

    /** The four hypothetical scenarios. */
    public static List<Category> hypothetical() {
        return List.of(PHYSICAL, TEMPORAL, CAUSAL, STORY);
    }
}
