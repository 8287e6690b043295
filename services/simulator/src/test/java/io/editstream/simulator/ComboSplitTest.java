package io.editstream.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.simulator.SceneObject.Combo;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ComboSplitTest {

    @Test
    void everyObjectPhraseBelongsToExactlyOneSplit() {
        for (long seed = 0; seed < 30; seed++) {
            ComboSplit splits = ComboSplit.of(seed);
            Set<Combo> all = new HashSet<>();
            int total = 0;
            for (Split split : Split.values()) {
                all.addAll(splits.pool(split));
                total += splits.pool(split).size();
                splits.pool(split).forEach(c -> assertThat(splits.splitOf(c)).isEqualTo(split));
            }
            assertThat(total).isEqualTo(Colour.values().length * Shape.values().length);
            assertThat(all).hasSize(total);
            assertThat(splits.pool(Split.TEST)).hasSize(9);
            assertThat(splits.pool(Split.VALIDATION)).hasSize(6);
        }
    }

    @Test
    void heldOutSplitsAreColourShapeBlocksThatTrainSeesOnlyApart() {
        ComboSplit splits = ComboSplit.of(7);
        for (Split held : List.of(Split.VALIDATION, Split.TEST)) {
            List<Combo> pool = splits.pool(held);
            Set<Colour> colours = pool.stream().map(Combo::colour).collect(Collectors.toSet());
            Set<Shape> shapes = pool.stream().map(Combo::shape).collect(Collectors.toSet());
            assertThat(pool).hasSize(colours.size() * shapes.size());
            assertThat(colours.size()).isGreaterThanOrEqualTo(2);
            assertThat(shapes).containsAnyOf(Shape.CONE, Shape.MUG, Shape.BOTTLE);
            // train still shows each held-out colour and shape, just never in a held-out pair
            List<Combo> train = splits.pool(Split.TRAIN);
            assertThat(colours).allSatisfy(c -> assertThat(train).anyMatch(t -> t.colour() == c));
            assertThat(shapes).allSatisfy(s -> assertThat(train).anyMatch(t -> t.shape() == s));
            assertThat(train).doesNotContainAnyElementsOf(pool);
        }
    }

    @Test
    void thePartitionIsAFunctionOfTheSeed() {
        assertThat(ComboSplit.of(3).pool(Split.TEST)).isEqualTo(ComboSplit.of(3).pool(Split.TEST));
        Set<List<Combo>> tests = new HashSet<>();
        for (long seed = 0; seed < 10; seed++) {
            tests.add(ComboSplit.of(seed).pool(Split.TEST));
        }
        assertThat(tests.size()).isGreaterThan(1);
    }
}
