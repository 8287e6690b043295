package io.editstream.simulator;

import io.editstream.simulator.Edit.Detail;
import io.editstream.simulator.SceneObject.Support;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.SplittableRandom;

/**
 * Candidate location edits for a scene, in random order: move an object right beside another (on
 * the side it is not already on), to an end of its support or onto the other support, slide it
 * closer to or further from a neighbour on its support without passing anything, or swap two
 * objects' places. Candidates are placed at free spots; {@link EditValidator} has the last word.
 */
final class LocationEdits {
    /** How far beyond touching distance a "right beside" placement may land. */
    private static final double BESIDE_SLACK = 0.04;
    private static final double END_SLACK = 0.02;

    private LocationEdits() {
    }

    static List<Edit> candidates(Scene scene, EditType type, SplittableRandom random) {
        List<Edit> out = new ArrayList<>();
        for (SceneObject s : Randoms.shuffled(scene.objects(), random)) {
            switch (type) {
                case LOCATION_RELATIVE -> relative(scene, s, random, out);
                case LOCATION_ABSOLUTE -> absolute(scene, s, random, out);
                case LOCATION_CLOSER, LOCATION_FURTHER -> slide(scene, s, type, random, out);
                case LOCATION_SWAP -> {
                    for (SceneObject r : EditProposer.others(scene, s, random)) {
                        out.add(new Edit(type, s.id(), r.id(), Detail.NONE,
                                List.of(s.withPlace(r.support(), r.x()), r.withPlace(s.support(), s.x()))));
                    }
                }
                default -> throw new IllegalArgumentException(type + " is not a location edit");
            }
        }
        return out;
    }

    private static void relative(Scene scene, SceneObject s, SplittableRandom random, List<Edit> out) {
        for (SceneObject r : EditProposer.others(scene, s, random)) {
            for (Detail side : Randoms.shuffled(List.of(Detail.LEFT, Detail.RIGHT), random)) {
                beside(scene, s, r, side, random).ifPresent(x ->
                        out.add(new Edit(EditType.LOCATION_RELATIVE, s.id(), r.id(), side,
                                List.of(s.withPlace(r.support(), x)))));
            }
        }
    }

    /** A free centre for {@code s} right on {@code side} of {@code r}, on r's support. */
    static OptionalDouble beside(Scene scene, SceneObject s, SceneObject r, Detail side, SplittableRandom random) {
        double w = s.width();
        double touching = side == Detail.LEFT ? r.left() - Layout.GAP - w / 2 : r.right() + Layout.GAP + w / 2;
        double lo = side == Detail.LEFT ? touching - BESIDE_SLACK : touching;
        double hi = side == Detail.LEFT ? touching : touching + BESIDE_SLACK;
        return Layout.pick(Layout.freeCentres(scene, r.support(), w, s.id()), lo, hi, random);
    }

    private static void absolute(Scene scene, SceneObject s, SplittableRandom random, List<Edit> out) {
        List<Detail> places = new ArrayList<>(List.of(Detail.LEFT, Detail.RIGHT));
        places.add(s.support() == Support.TABLE ? Detail.FLOOR : Detail.TABLE);
        for (Detail place : Randoms.shuffled(places, random)) {
            Support support = switch (place) {
                case FLOOR -> Support.FLOOR;
                case TABLE -> Support.TABLE;
                default -> s.support();
            };
            double w = s.width();
            List<double[]> free = Layout.freeCentres(scene, support, w, s.id());
            OptionalDouble x = switch (place) {
                case LEFT -> Layout.pick(free, Layout.minX(support) + w / 2, Layout.minX(support) + w / 2 + END_SLACK, random);
                case RIGHT -> Layout.pick(free, Layout.maxX(support) - w / 2 - END_SLACK, Layout.maxX(support) - w / 2, random);
                default -> Layout.pick(free, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, random);
            };
            x.ifPresent(v -> out.add(new Edit(EditType.LOCATION_ABSOLUTE, s.id(), Edit.NO_REFERENCE, place,
                    List.of(s.withPlace(support, v)))));
        }
    }

    private static void slide(Scene scene, SceneObject s, EditType type, SplittableRandom random, List<Edit> out) {
        double[] range = Layout.slideRange(scene, s);
        for (SceneObject r : EditProposer.others(scene, s, random)) {
            if (r.support() != s.support()) {
                continue;
            }
            boolean leftOfRef = s.x() < r.x();
            boolean towardsRight = (type == EditType.LOCATION_CLOSER) == leftOfRef;
            double lo = towardsRight ? s.x() + Layout.MIN_MOVE : range[0];
            double hi = towardsRight ? range[1] : s.x() - Layout.MIN_MOVE;
            if (hi < lo) {
                continue;
            }
            double x = Randoms.between(lo, hi, random);
            out.add(new Edit(type, s.id(), r.id(), Detail.NONE, List.of(s.withPlace(s.support(), x))));
        }
    }
}
