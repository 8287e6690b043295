package io.editstream.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PhraserTest {
    private static final Phraser PHRASER = Phraser.load();
    /** What every instruction (not the no-change one) of a key must say, so that it implies that one change. */
    private static final Map<String, List<String>> ESSENTIAL = Map.of(
            "location/relative", List.of("{s}", "{r}", "{side}"),
            "location/absolute/end", List.of("{s}", "{place}"),
            "location/closer", List.of("{s}", "{r}"),
            "location/further", List.of("{s}", "{r}"),
            "location/swap", List.of("{s}", "{r}"),
            "count/add", List.of("{a}", "{r}", "{side}"),
            "attribute/colour", List.of("{s}", "{new_colour}"),
            "attribute/shape", List.of("{s}", "{new_shape}"));

    @Test
    void everyEditKeyHasSeveralTemplatesForAllFourScenariosExplicitAndNoChange() {
        for (String key : Phraser.editKeys()) {
            for (String form : Phraser.forms()) {
                List<String> templates = PHRASER.templates(key, form);
                assertThat(templates).as("%s %s", key, form).hasSizeGreaterThanOrEqualTo(form.equals("NO_CHANGE") ? 2 : 3)
                        .doesNotHaveDuplicates();
                if (!form.equals("NO_CHANGE")) {
                    assertThat(templates).allSatisfy(t -> assertThat(t).containsAnyOf("{s}", "{a}"));
                    for (String needed : ESSENTIAL.getOrDefault(key, List.of())) {
                        assertThat(templates).as("%s %s", key, form).allSatisfy(t -> assertThat(t).contains(needed));
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(EditType.class)
    void everyTemplateOfEveryFormFillsCompletelyForRealEdits(EditType type) {
        Map<String, Integer> seen = new HashMap<>();
        for (Fixtures.Case c : Fixtures.cases(type, 30)) {
            Map<String, String> words = Phraser.words(c.source(), c.edit());
            String key = c.edit().templateKey();
            seen.merge(key, 1, Integer::sum);
            String named = type == EditType.COUNT_ADD ? c.edit().changed().get(0).describe()
                    : c.source().object(c.edit().subjectId()).describe();
            for (String form : Phraser.forms()) {
                for (String template : PHRASER.templates(key, form)) {
                    String text = Phraser.fill(template, words);
                    assertThat(text).doesNotContain("{", "}").isNotBlank();
                    if (!form.equals("NO_CHANGE")) {
                        assertThat(text).containsIgnoringCase(named);
                    }
                }
            }
        }
        assertThat(seen).isNotEmpty();
    }

    @ParameterizedTest
    @EnumSource(EditType.class)
    void phrasingCoversExplicitAndAllFourScenariosAndNamesTheObjects(EditType type) {
        Fixtures.Case c = Fixtures.cases(type, 1).get(0);
        Phrasing p = PHRASER.phrase(c.source(), c.edit(), new SplittableRandom(9));
        assertThat(p.hypothetical().keySet()).containsExactlyElementsOf(Category.hypothetical());
        for (Category category : Category.values()) {
            assertThat(p.instruction(category)).isNotBlank();
        }
        assertThat(Set.copyOf(p.hypothetical().values())).doesNotContain(p.explicit());
        assertThat(p.objects()).isNotEmpty();
        assertThat(p.objects().size()).isEqualTo(type.hasReference() ? 2 : 1);
        assertThat(PHRASER.phrase(c.source(), c.edit(), new SplittableRandom(9))).isEqualTo(p);
    }

    @ParameterizedTest
    @EnumSource(EditType.class)
    void canonicalExplicitWordingIsTheSameWhateverTheSeedWhileTheVariantVaries(EditType type) {
        Fixtures.Case c = Fixtures.cases(type, 1).get(0);
        Set<String> canonical = new HashSet<>();
        Set<String> variants = new HashSet<>();
        for (long seed = 0; seed < 40; seed++) {
            Phrasing p = PHRASER.phrase(c.source(), c.edit(), new SplittableRandom(seed));
            canonical.add(p.canonical());
            variants.add(p.explicit());
        }
        assertThat(canonical).hasSize(1);
        assertThat(variants).hasSizeGreaterThan(1).contains(canonical.iterator().next());
    }

    @Test
    void templatesVaryWithTheSeed() {
        Fixtures.Case c = Fixtures.cases(EditType.ATTRIBUTE_COLOUR, 1).get(0);
        Set<String> physical = new HashSet<>();
        for (long seed = 0; seed < 40; seed++) {
            physical.add(PHRASER.phrase(c.source(), c.edit(), new SplittableRandom(seed)).instruction(Category.PHYSICAL));
        }
        assertThat(physical).hasSize(PHRASER.templates("attribute/colour", "PHYSICAL").size());
    }

    @Test
    void noChangeWordsDescribeTheSourceAndChangeWordsTheTarget() {
        Fixtures.Case c = Fixtures.cases(EditType.ATTRIBUTE_COLOUR, 1).get(0);
        SceneObject before = c.source().object(c.edit().subjectId());
        SceneObject after = c.target().object(c.edit().subjectId());
        Map<String, String> words = Phraser.words(c.source(), c.edit());
        assertThat(words).containsEntry("s", "the " + before.describe()).containsEntry("colour", before.colour().word())
                .containsEntry("new_colour", after.colour().word()).containsEntry("support", before.support().phrase());
        assertThat(Phraser.fill("keep {s} {colour}", words)).isEqualTo("keep the " + before.describe() + " " + before.colour().word());
        assertThat(Phraser.fill("{s} is here", words)).startsWith("The ");
    }

    @Test
    void aTemplateNamingAMissingValueFailsLoudly() {
        assertThatThrownBy(() -> Phraser.fill("move {s} next to {r}", Map.of("s", "the red ball")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("{r}");
    }
}
