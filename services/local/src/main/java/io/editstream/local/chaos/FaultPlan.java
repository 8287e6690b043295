package io.editstream.local.chaos;

import io.editstream.local.up.ProcessLayout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * When chaos strikes and what: a kill -9 every {@code killInterval}, the first ones covering every service kind
 * once (in an order drawn from the seed, so every kind is proven to recover, a second replica included), then
 * any service process at random; one broker restart at 35 % of the load and one S3 outage at 65 %. Pure and
 * seeded: the same arguments give the same plan.
 */
public record FaultPlan(List<Fault> faults) {
    public enum Kind { KILL, BROKER_RESTART, S3_OUTAGE }

    /**
     * A fault {@code atMs} after the load starts; {@code target} is a process name. A kill of the first round is
     * {@code exact}: it waits for its very target to settle rather than going to another process, so every kind is
     * killed at least once.
     */
    public record Fault(long atMs, Kind kind, String target, boolean exact) {
    }

    public FaultPlan {
        faults = List.copyOf(faults);
    }

    /**
     * The plan for a load of {@code loadMs} over the service processes {@code services}; kills continue past the
     * load's end until every kind has been killed once.
     */
    public static FaultPlan of(List<String> services, long loadMs, long killIntervalMs, long seed) {
        if (killIntervalMs <= 0) {
            throw new IllegalArgumentException("--kill-interval must be positive");
        }
        Random random = new Random(seed);
        Map<String, List<String>> byKind = new TreeMap<>();
        services.forEach(p -> byKind.computeIfAbsent(ProcessLayout.kindOf(p), k -> new ArrayList<>()).add(p));
        List<String> firstRound = new ArrayList<>();
        byKind.values().forEach(replicas -> firstRound.add(replicas.get(random.nextInt(replicas.size()))));
        // a second replica is a kind of its own: killing one of two proves the survivor carries on
        byKind.values().stream().filter(r -> r.size() > 1).forEach(r -> r.stream().filter(p -> !firstRound.contains(p))
                .findFirst().ifPresent(firstRound::add));
        Collections.shuffle(firstRound, random);
        List<Fault> faults = new ArrayList<>();
        int kills = 0;
        for (long at = killIntervalMs; at < loadMs || kills < firstRound.size(); at += killIntervalMs) {
            String target = kills < firstRound.size() ? firstRound.get(kills) : services.get(random.nextInt(services.size()));
            faults.add(new Fault(at, Kind.KILL, target, kills < firstRound.size()));
            kills++;
        }
        faults.add(new Fault(Math.round(loadMs * 0.35), Kind.BROKER_RESTART, ProcessLayout.KAFKA, true));
        faults.add(new Fault(Math.round(loadMs * 0.65), Kind.S3_OUTAGE, ProcessLayout.S3, true));
        faults.sort(Comparator.comparingLong(Fault::atMs));
        return new FaultPlan(faults);
    }

    /** How many kills of each kind the plan holds. */
    public Map<String, Integer> killsPerKind() {
        Map<String, Integer> out = new TreeMap<>();
        faults.stream().filter(f -> f.kind() == Kind.KILL).forEach(f -> out.merge(ProcessLayout.kindOf(f.target()), 1, Integer::sum));
        return out;
    }
}
