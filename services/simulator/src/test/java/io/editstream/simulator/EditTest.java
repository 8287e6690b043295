package io.editstream.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.editstream.simulator.Edit.Detail;
import io.editstream.simulator.SceneDiff.Property;
import io.editstream.simulator.SceneObject.Facing;
import io.editstream.simulator.SceneObject.Pose;
import io.editstream.simulator.SceneObject.Size;
import io.editstream.simulator.SceneObject.Support;
import java.awt.Rectangle;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class EditTest {
    private static final SceneRenderer RENDERER = new SceneRenderer(64);

    @ParameterizedTest
    @EnumSource(EditType.class)
    void eachEditChangesExactlyTheOnePropertyItNames(EditType type) {
        for (Fixtures.Case c : Fixtures.cases(type, 25)) {
            Map<Integer, Set<Property>> diff = SceneDiff.between(c.source(), c.target());
            int subject = c.edit().subjectId();
            switch (type) {
                case LOCATION_SWAP -> {
                    assertThat(diff.keySet()).containsExactlyInAnyOrder(subject, c.edit().referenceId());
                    diff.values().forEach(p -> assertThat(Set.of(Property.SUPPORT, Property.X)).containsAll(p));
                }
                case LOCATION_RELATIVE, LOCATION_ABSOLUTE, LOCATION_CLOSER, LOCATION_FURTHER -> {
                    assertThat(diff.keySet()).containsExactly(subject);
                    assertThat(Set.of(Property.SUPPORT, Property.X)).containsAll(diff.get(subject));
                }
                default -> assertThat(diff).containsExactly(Map.entry(subject, Set.of(expected(type))));
            }
            assertThat(Layout.problems(c.target())).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(EditType.class)
    void renderedPairDiffersOnlyWhereTheChangedObjectsAre(EditType type) {
        for (Fixtures.Case c : Fixtures.cases(type, 25)) {
            Rectangle changed = Fixtures.diffBox(RENDERER.render(c.source()), RENDERER.render(c.target()));
            assertThat(changed).as("%s must change the picture: %s", type, c.edit()).isNotNull();
            Rectangle allowed = Fixtures.boundsOf(RENDERER, SceneDiff.between(c.source(), c.target()).keySet(),
                    c.source(), c.target());
            assertThat(allowed.contains(changed)).as("diff %s inside the changed objects' bounds %s for %s",
                    changed, allowed, c.edit()).isTrue();
        }
    }

    @Test
    void relationsHoldAfterLocationEdits() {
        for (Fixtures.Case c : Fixtures.cases(EditType.LOCATION_RELATIVE, 20)) {
            SceneObject moved = c.target().object(c.edit().subjectId());
            SceneObject ref = c.target().object(c.edit().referenceId());
            assertThat(moved.support()).isEqualTo(ref.support());
            assertThat(c.edit().detail() == Detail.LEFT ? moved.x() < ref.x() : moved.x() > ref.x()).isTrue();
        }
        for (EditType t : List.of(EditType.LOCATION_CLOSER, EditType.LOCATION_FURTHER)) {
            for (Fixtures.Case c : Fixtures.cases(t, 20)) {
                SceneObject ref = c.source().object(c.edit().referenceId());
                double before = Math.abs(c.source().object(c.edit().subjectId()).x() - ref.x());
                double after = Math.abs(c.target().object(c.edit().subjectId()).x() - ref.x());
                assertThat(t == EditType.LOCATION_CLOSER ? before - after : after - before)
                        .isGreaterThanOrEqualTo(Layout.MIN_MOVE - 1e-9);
            }
        }
    }

    @Test
    void meaninglessEditsAreRefused() {
        SceneObject ball = new SceneObject(0, Shape.BALL, Colour.RED, Size.SMALL, Support.TABLE, 0.4, Pose.UPRIGHT, Facing.LEFT);
        SceneObject cube = new SceneObject(1, Shape.CUBE, Colour.BLUE, Size.SMALL, Support.TABLE, 0.6, Pose.UPRIGHT, Facing.LEFT);
        Scene scene = new Scene(List.of(ball, cube));
        // a ball looks the same turned around, a cube the same after any rotation
        assertThatThrownBy(() -> single(EditType.ROTATION_TURN_AROUND, ball.withFacing(Facing.RIGHT)).apply(scene))
                .isInstanceOf(InvalidEditException.class).hasMessageContaining("looks the same");
        assertThat(EditProposer.propose(scene, EditFamily.ROTATION, Fixtures.TRAIN_POOL, new SplittableRandom(1))).isEmpty();
        assertThatThrownBy(() -> single(EditType.ATTRIBUTE_COLOUR, ball).apply(scene)).isInstanceOf(InvalidEditException.class);
        assertThatThrownBy(() -> single(EditType.ATTRIBUTE_COLOUR, ball.withColour(Colour.GREEN).withSize(Size.LARGE)).apply(scene))
                .hasMessageContaining("must change only [COLOUR]");
        // moving onto the cube overlaps it; moving a hair is not a visible change
        assertThatThrownBy(() -> new Edit(EditType.LOCATION_ABSOLUTE, 0, Edit.NO_REFERENCE, Detail.RIGHT,
                List.of(ball.withPlace(Support.TABLE, 0.6))).apply(scene)).hasMessageContaining("too close");
        assertThatThrownBy(() -> new Edit(EditType.LOCATION_CLOSER, 0, 1, Detail.NONE,
                List.of(ball.withPlace(Support.TABLE, 0.42))).apply(scene)).hasMessageContaining("too small");
        // the ball is already left of the cube
        assertThatThrownBy(() -> new Edit(EditType.LOCATION_RELATIVE, 0, 1, Detail.LEFT,
                List.of(ball.withPlace(Support.TABLE, 0.25))).apply(scene)).hasMessageContaining("already");
        // a scene keeps at least two objects, and a recolour may not duplicate an object phrase
        assertThatThrownBy(() -> new Edit(EditType.COUNT_REMOVE, 0, Edit.NO_REFERENCE, Detail.NONE, List.of()).apply(scene))
                .hasMessageContaining("2 to 6 objects");
        SceneObject blueBall = new SceneObject(2, Shape.BALL, Colour.BLUE, Size.SMALL, Support.FLOOR, 0.5, Pose.UPRIGHT, Facing.LEFT);
        Scene three = scene.add(blueBall);
        assertThatThrownBy(() -> single(EditType.ATTRIBUTE_COLOUR, ball.withColour(Colour.BLUE)).apply(three))
                .hasMessageContaining("both a blue ball");
    }

    @Test
    void validEditsApplyAsStated() {
        SceneObject cone = new SceneObject(0, Shape.CONE, Colour.GREEN, Size.SMALL, Support.TABLE, 0.3, Pose.UPRIGHT, Facing.LEFT);
        SceneObject cube = new SceneObject(1, Shape.CUBE, Colour.BLUE, Size.SMALL, Support.TABLE, 0.7, Pose.UPRIGHT, Facing.LEFT);
        Scene scene = new Scene(List.of(cone, cube));
        Scene fallen = single(EditType.ROTATION_FALL_OVER, cone.withPose(Pose.FALLEN)).apply(scene);
        assertThat(fallen.object(0).pose()).isEqualTo(Pose.FALLEN);
        assertThat(fallen.object(1)).isEqualTo(cube);
        Scene floor = new Edit(EditType.LOCATION_ABSOLUTE, 0, Edit.NO_REFERENCE, Detail.FLOOR,
                List.of(cone.withPlace(Support.FLOOR, 0.3))).apply(scene);
        assertThat(floor.on(Support.FLOOR)).extracting(SceneObject::id).containsExactly(0);
    }

    private static Edit single(EditType type, SceneObject after) {
        return new Edit(type, after.id(), Edit.NO_REFERENCE, Detail.NONE, List.of(after));
    }

    private static Property expected(EditType type) {
        return switch (type) {
            case ROTATION_TURN_AROUND -> Property.FACING;
            case ROTATION_FALL_OVER, ROTATION_UPSIDE_DOWN -> Property.POSE;
            case COUNT_ADD -> Property.ADDED;
            case COUNT_REMOVE -> Property.REMOVED;
            case ATTRIBUTE_COLOUR -> Property.COLOUR;
            case ATTRIBUTE_SIZE -> Property.SIZE;
            case ATTRIBUTE_SHAPE -> Property.SHAPE;
            default -> throw new IllegalArgumentException(type.toString());
        };
    }
}
