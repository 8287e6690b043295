package io.editstream.simulator;

import io.editstream.simulator.SceneObject.Combo;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Assigns every object phrase — a (colour, shape) pair such as "red ball" — to exactly one split,
 * and every scene of a split uses only its own phrases, for every object in the source and target
 * image and every object an instruction names. The test split holds out a block of 3 colours × 3
 * shapes and validation a block of 2 other colours × the 3 other shapes: train still sees each of
 * those colours and shapes, only never in those pairs, so held-out splits measure compositional
 * generalisation and nothing leaks. Each held-out block has two colours or more and three shapes,
 * at least one of which shows rotations, so every edit family can occur in every split. The blocks
 * are drawn from the dataset seed.
 */
public final class ComboSplit {
    private final Map<Split, List<Combo>> pools;

    private ComboSplit(Map<Split, List<Combo>> pools) {
        this.pools = pools;
    }

    /** The partition for this dataset seed. */
    public static ComboSplit of(long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5EED_C0B0L);
        List<Colour> colours = Randoms.shuffled(Arrays.asList(Colour.values()), random);
        // shapes that show rotations are spread so each held-out block gets at least one
        List<Shape> rich = Randoms.shuffled(List.of(Shape.CONE, Shape.MUG, Shape.BOTTLE), random);
        List<Shape> plain = Randoms.shuffled(List.of(Shape.BALL, Shape.CUBE, Shape.CYLINDER), random);
        List<Shape> testShapes = List.of(rich.get(0), rich.get(1), plain.get(0));
        List<Shape> validationShapes = List.of(rich.get(2), plain.get(1), plain.get(2));
        if (random.nextBoolean()) {
            List<Shape> swap = testShapes;
            testShapes = validationShapes;
            validationShapes = swap;
        }
        Map<Split, List<Combo>> pools = new EnumMap<>(Split.class);
        pools.put(Split.TEST, block(colours.subList(0, 3), testShapes));
        pools.put(Split.VALIDATION, block(colours.subList(3, 5), validationShapes));
        TreeSet<Combo> train = new TreeSet<>();
        for (Colour c : Colour.values()) {
            for (Shape s : Shape.values()) {
                train.add(new Combo(c, s));
            }
        }
        train.removeAll(pools.get(Split.TEST));
        train.removeAll(pools.get(Split.VALIDATION));
        pools.put(Split.TRAIN, List.copyOf(train));
        return new ComboSplit(pools);
    }

    /** The phrases a split may use, in a fixed order. */
    public List<Combo> pool(Split split) {
        return pools.get(split);
    }

    /** The split that owns this phrase. */
    public Split splitOf(Combo combo) {
        for (Map.Entry<Split, List<Combo>> e : pools.entrySet()) {
            if (e.getValue().contains(combo)) {
                return e.getKey();
            }
        }
        throw new IllegalStateException("phrase " + combo.phrase() + " belongs to no split");
    }

    private static List<Combo> block(List<Colour> colours, List<Shape> shapes) {
        TreeSet<Combo> block = new TreeSet<>();
        for (Colour c : colours) {
            for (Shape s : shapes) {
                block.add(new Combo(c, s));
            }
        }
        return List.copyOf(block);
    }
}
