package io.editstream.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.simulator.SceneObject.Pose;
import io.editstream.simulator.SceneObject.Support;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SceneSamplerTest {

    @Test
    void sameSeedGivesTheSameSceneAndOtherSeedsOtherScenes() {
        assertThat(SceneSampler.sample(new SplittableRandom(5), Fixtures.TRAIN_POOL))
                .isEqualTo(SceneSampler.sample(new SplittableRandom(5), Fixtures.TRAIN_POOL));
        Set<Scene> scenes = new HashSet<>();
        for (long seed = 0; seed < 50; seed++) {
            scenes.add(SceneSampler.sample(new SplittableRandom(seed), Fixtures.TRAIN_POOL));
        }
        assertThat(scenes).hasSize(50);
    }

    @Test
    void scenesAreValidLayoutsOfTwoToSixObjectsFromThePool() {
        Set<Integer> counts = new HashSet<>();
        Set<Pose> poses = EnumSet.noneOf(Pose.class);
        Set<Support> supports = EnumSet.noneOf(Support.class);
        for (Split split : Split.values()) {
            List<SceneObject.Combo> pool = Fixtures.SPLITS.pool(split);
            for (long seed = 0; seed < 300; seed++) {
                Scene scene = SceneSampler.sample(new SplittableRandom(seed), pool);
                assertThat(Layout.problems(scene)).as("seed %d", seed).isEmpty();
                assertThat(scene.objects()).allSatisfy(o -> assertThat(pool).contains(o.combo()));
                counts.add(scene.objects().size());
                scene.objects().forEach(o -> {
                    poses.add(o.pose());
                    supports.add(o.support());
                });
            }
        }
        assertThat(counts).containsExactlyInAnyOrder(2, 3, 4, 5, 6);
        assertThat(poses).containsExactlyInAnyOrder(Pose.values());
        assertThat(supports).containsExactlyInAnyOrder(Support.values());
    }

    @Test
    void layoutRejectsOverlapsOverhangsAndDuplicatePhrases() {
        SceneObject a = SceneSampler.newObject(0, new SceneObject.Combo(Colour.RED, Shape.BALL), new SplittableRandom(1))
                .withPlace(Support.TABLE, 0.4);
        SceneObject b = new SceneObject(1, Shape.CUBE, Colour.BLUE, SceneObject.Size.SMALL, Support.TABLE, 0.7,
                Pose.UPRIGHT, SceneObject.Facing.LEFT);
        assertThat(Layout.problems(new Scene(List.of(a, b)))).isEmpty();
        assertThat(Layout.problems(new Scene(List.of(a, b.withPlace(Support.TABLE, a.x() + 0.05)))))
                .anyMatch(p -> p.contains("too close"));
        assertThat(Layout.problems(new Scene(List.of(a, b.withPlace(Support.TABLE, 0.85)))))
                .anyMatch(p -> p.contains("sticks out of the table"));
        assertThat(Layout.problems(new Scene(List.of(a, b.withColour(Colour.RED).withShape(Shape.BALL)))))
                .anyMatch(p -> p.contains("both a red ball"));
        assertThat(Layout.problems(new Scene(List.of(a)))).anyMatch(p -> p.contains("2 to 6 objects"));
    }

    @Test
    void freeCentresKeepTheGapToEveryOtherObject() {
        Scene scene = SceneSampler.sample(new SplittableRandom(11), Fixtures.TRAIN_POOL);
        SplittableRandom random = new SplittableRandom(3);
        for (Support support : Support.values()) {
            for (double[] iv : Layout.freeCentres(scene, support, 0.1, -1)) {
                for (int i = 0; i < 20; i++) {
                    double x = Layout.pick(List.of(iv), Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, random).orElseThrow();
                    assertThat(x - 0.05).isGreaterThanOrEqualTo(Layout.minX(support) - 1e-9);
                    assertThat(scene.on(support)).allSatisfy(o ->
                            assertThat(Math.max(o.left() - (x + 0.05), (x - 0.05) - o.right()))
                                    .isGreaterThanOrEqualTo(Layout.GAP - 1e-9));
                    assertThat(x + 0.05).isLessThanOrEqualTo(Layout.maxX(support) + 1e-9);
                }
            }
        }
    }
}
