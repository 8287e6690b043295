package io.editstream.local.chaos;

import io.editstream.events.EditFailed;
import io.editstream.events.EditScored;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the topics say happened to the chaos load's requests, as read with {@code read_committed}: every
 * committed event per topic and request, and each request's terminal events (scored, or failed with a reason).
 * Pure: the audit feeds it records and asks it for the verdict.
 */
final class Ledger {
    /** A terminal event of one request: scored (with its output) or failed (with its reason), and when. */
    record Terminal(String topic, long atMs, EditScored scored, EditFailed failed) {
    }

    private final Set<String> accepted;
    private final Map<String, Map<String, Integer>> perTopic = new TreeMap<>();
    private final Map<String, List<Terminal>> terminals = new HashMap<>();
    private final Map<String, Integer> partitions = new HashMap<>();

    Ledger(Set<String> accepted) {
        this.accepted = Set.copyOf(accepted);
    }

    /** Counts one committed event of {@code topic} for request {@code id}; events of other requests are ignored. */
    void event(String topic, String id) {
        event(topic, -1, id);
    }

    /** As {@link #event(String, String)}, remembering the partition the request's key lands on (the same on every topic). */
    void event(String topic, int partition, String id) {
        if (accepted.contains(id)) {
            perTopic.computeIfAbsent(topic, t -> new HashMap<>()).merge(id, 1, Integer::sum);
            if (partition >= 0) {
                partitions.put(id, partition);
            }
        }
    }

    /**
     * Where the lost requests stopped: per set of topics they reached (in {@code order}) and partition, how many.
     * A stage stuck on one partition shows as one large group; requests that never reached a topic as "nowhere".
     */
    Map<String, Long> stalls(List<String> order) {
        Map<String, Long> out = new TreeMap<>();
        for (String id : lost()) {
            List<String> reached = order.stream().filter(t -> perTopic.getOrDefault(t, Map.of()).containsKey(id)).toList();
            String where = (reached.isEmpty() ? "nowhere" : String.join("+", reached))
                    + (partitions.containsKey(id) ? " p" + partitions.get(id) : "");
            out.merge(where, 1L, Long::sum);
        }
        return out;
    }

    void scored(String topic, EditScored event) {
        if (accepted.contains(event.getRequestId())) {
            terminals.computeIfAbsent(event.getRequestId(), k -> new ArrayList<>())
                    .add(new Terminal(topic, event.getOccurredAt().toEpochMilli(), event, null));
        }
    }

    void failed(String topic, EditFailed event) {
        if (accepted.contains(event.getRequestId())) {
            terminals.computeIfAbsent(event.getRequestId(), k -> new ArrayList<>())
                    .add(new Terminal(topic, event.getOccurredAt().toEpochMilli(), null, event));
        }
    }

    boolean allTerminal() {
        return accepted.stream().allMatch(terminals::containsKey);
    }

    /** Accepted requests without a terminal event. */
    List<String> lost() {
        return accepted.stream().filter(id -> !terminals.containsKey(id)).sorted().toList();
    }

    /** Requests with two or more terminal events, or two or more committed events on one topic. */
    List<String> duplicated() {
        Set<String> out = new java.util.TreeSet<>();
        terminals.forEach((id, ts) -> {
            if (ts.size() > 1) {
                out.add(id);
            }
        });
        perTopic.values().forEach(counts -> counts.forEach((id, n) -> {
            if (n > 1) {
                out.add(id);
            }
        }));
        return List.copyOf(out);
    }

    /** The one terminal event of each request that has exactly one. */
    Map<String, Terminal> terminal() {
        Map<String, Terminal> out = new HashMap<>();
        terminals.forEach((id, ts) -> out.put(id, ts.get(0)));
        return out;
    }

    /** Per topic, how many requests have more than one committed event there. */
    Map<String, Long> duplicatesPerTopic() {
        Map<String, Long> out = new TreeMap<>();
        perTopic.forEach((topic, counts) -> out.put(topic, counts.values().stream().filter(n -> n > 1).count()));
        return out;
    }
}
