package io.editstream.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TripletGeneratorTest {
    private static final TripletGenerator GENERATOR = TripletGenerator.forSeed(42);

    @Test
    void sameSeedGivesTheSameTripletsAndAnotherSeedOthers() {
        TripletGenerator again = TripletGenerator.forSeed(42);
        TripletGenerator other = TripletGenerator.forSeed(43);
        int differing = 0;
        for (int i = 0; i < 20; i++) {
            assertThat(again.generate(Split.TRAIN, i)).isEqualTo(GENERATOR.generate(Split.TRAIN, i));
            if (!other.generate(Split.TRAIN, i).source().equals(GENERATOR.generate(Split.TRAIN, i).source())) {
                differing++;
            }
        }
        assertThat(differing).isEqualTo(20);
    }

    @Test
    void noObjectPhraseLeavesItsSplit() {
        for (Split split : Split.values()) {
            Set<SceneObject.Combo> pool = Set.copyOf(GENERATOR.splits().pool(split));
            for (int i = 0; i < 120; i++) {
                Triplet t = GENERATOR.generate(split, i);
                t.source().objects().forEach(o -> assertThat(pool).contains(o.combo()));
                t.target().objects().forEach(o -> assertThat(pool).contains(o.combo()));
            }
        }
    }

    @Test
    void familiesAndCategoriesCycleAndEveryTaskOccursInEverySplit() {
        for (Split split : Split.values()) {
            Set<EditType> types = EnumSet.noneOf(EditType.class);
            for (int i = 0; i < 400; i++) {
                Triplet t = GENERATOR.generate(split, i);
                assertThat(t.edit().family()).isEqualTo(EditFamily.values()[i % 4]);
                assertThat(t.category()).isEqualTo(Category.values()[i % 5]);
                assertThat(t.target()).isEqualTo(t.edit().apply(t.source()));
                types.add(t.edit().type());
            }
            assertThat(types).as(split.folder()).containsExactlyInAnyOrder(EditType.values());
        }
    }

    @Test
    void instructionsVaryAcrossItems() {
        Set<String> instructions = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            instructions.add(GENERATOR.generate(Split.TRAIN, i).instruction());
        }
        assertThat(instructions.size()).isGreaterThan(45);
    }
}
