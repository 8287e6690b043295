package io.editstream.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The held-out phrasings are apart from training by construction: no held-out template shares a run of five words
 * (placeholders counted as words) with any training template of any edit, every one fills for real test items, and
 * asking an item in its held-out phrasing leaves the item itself, and so the training data, unchanged.
 */
class HeldOutPhrasingTest {
    private static final int RUN = 5;
    private final Phraser phraser = Phraser.load();

    private static List<String> words(String template) {
        String plain = template.toLowerCase(Locale.ROOT).replaceAll("\\{[a-z_]+}", " slot ").replaceAll("[^a-z ]", " ");
        List<String> words = new ArrayList<>();
        for (String w : plain.trim().split("\\s+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }

    private static Set<String> runs(String template) {
        List<String> w = words(template);
        Set<String> runs = new HashSet<>();
        for (int i = 0; i + RUN <= w.size(); i++) {
            runs.add(String.join(" ", w.subList(i, i + RUN)));
        }
        return runs;
    }

    @Test
    void noHeldOutTemplateSharesAFiveWordRunOrItsWholeWordingWithAnyTrainingTemplate() {
        Set<String> training = new HashSet<>();
        Set<List<String>> wordings = new HashSet<>();
        for (String key : Phraser.editKeys()) {
            for (String form : Phraser.forms()) {
                phraser.templates(key, form).forEach(t -> {
                    training.addAll(runs(t));
                    wordings.add(words(t));
                });
            }
        }
        int checked = 0;
        for (String key : Phraser.editKeys()) {
            for (Category category : Category.values()) {
                for (String template : phraser.heldOutTemplates(key, category.name())) {
                    Set<String> shared = new HashSet<>(runs(template));
                    shared.retainAll(training);
                    assertThat(shared).as("%s %s: \"%s\"", key, category, template).isEmpty();
                    assertThat(wordings).as("%s %s: \"%s\"", key, category, template).doesNotContain(words(template));
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(Phraser.editKeys().size() * Category.values().length * 2);
    }

    @Test
    void everyTestItemHasAFilledHeldOutInstructionAndStaysTheSameItem() {
        TripletGenerator generator = TripletGenerator.forSeed(7);
        for (int i = 0; i < 100; i++) {
            Triplet t = generator.generate(Split.TEST, i);
            String asked = generator.heldOutInstruction(t);
            assertThat(asked).doesNotContain("{").isNotBlank().isNotEqualTo(t.instruction());
            assertThat(generator.heldOutInstruction(t)).as("deterministic").isEqualTo(asked);
            assertThat(generator.generate(Split.TEST, i)).as("the item does not depend on its held-out phrasing").isEqualTo(t);
        }
    }
}
