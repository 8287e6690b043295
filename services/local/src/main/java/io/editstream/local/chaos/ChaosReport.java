package io.editstream.local.chaos;

import io.editstream.local.Percentiles;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The verdict of one chaos run and its table. Pure: built from the submissions, the ledger, the faults that
 * fired and the supervisor's restart counts; {@link #passed} is false on any loss, duplicate, missing or
 * altered result object, or a 503 without Retry-After.
 */
record ChaosReport(List<Submission> submissions, Ledger ledger, List<FiredFault> faults, Map<String, Integer> restarts,
                   int objectsChecked, List<String> objectProblems, String readinessInOutage, int skippedKills,
                   Map<String, Long> lagWhenLost) {

    /** A fault as it happened: what, to which process, and the window during which requests count as inside it. */
    record FiredFault(FaultPlan.Kind kind, String target, long fromMs, long toMs) {
        boolean overlaps(long from, long to) {
            return from <= toMs && to >= fromMs;
        }
    }

    boolean passed() {
        return ledger.lost().isEmpty() && ledger.duplicated().isEmpty() && objectProblems.isEmpty()
                && submissions.stream().allMatch(Submission::every503HadRetryAfter);
    }

    void print(PrintStream out) {
        List<Submission> accepted = submissions.stream().filter(Submission::accepted).toList();
        Map<String, Ledger.Terminal> terminal = ledger.terminal();
        long scored = terminal.values().stream().filter(t -> t.scored() != null).count();
        long failedWithReason = terminal.values().stream()
                .filter(t -> t.failed() != null && t.failed().getReason() != null && !t.failed().getReason().isBlank()).count();
        List<Double> inside = new ArrayList<>();
        List<Double> outside = new ArrayList<>();
        for (Submission s : accepted) {
            Ledger.Terminal t = terminal.get(s.id());
            if (t != null) {
                boolean hit = faults.stream().anyMatch(f -> f.overlaps(s.sentAtMs(), t.atMs()));
                (hit ? inside : outside).add((t.atMs() - s.sentAtMs()) / 1000.0);
            }
        }
        Map<String, Integer> kills = new java.util.TreeMap<>();
        faults.stream().filter(f -> f.kind() == FaultPlan.Kind.KILL)
                .forEach(f -> kills.merge(io.editstream.local.up.ProcessLayout.kindOf(f.target()), 1, Integer::sum));
        int refused = submissions.stream().mapToInt(Submission::refused503).sum();
        boolean allRetryAfter = submissions.stream().allMatch(Submission::every503HadRetryAfter);
        out.println();
        out.println("chaos run");
        row(out, "requests sent", submissions.size() + " (" + count("gateway") + " through the gateway, " + count("kafka") + " straight to Kafka)");
        row(out, "accepted", Integer.toString(accepted.size()));
        submissions.stream().filter(s -> !s.accepted()).limit(5).forEach(s -> row(out, "  not accepted #" + s.index(), s.error()));
        row(out, "503 answers (then retried)", refused + (refused == 0 ? "" : allRetryAfter ? ", every one with Retry-After" : ", SOME WITHOUT Retry-After"));
        row(out, "kills (kill -9) per kind", kills + (skippedKills == 0 ? "" : "; " + skippedKills
                + " planned kills skipped, every process still starting"));
        row(out, "broker restarts", Long.toString(faults.stream().filter(f -> f.kind() == FaultPlan.Kind.BROKER_RESTART).count()));
        row(out, "S3 outages", faults.stream().filter(f -> f.kind() == FaultPlan.Kind.S3_OUTAGE)
                .map(f -> (f.toMs() - f.fromMs()) / 1000 + " s").toList().toString());
        row(out, "gateway readiness, S3 outage", readinessInOutage);
        row(out, "supervisor restarts", restarts.toString());
        row(out, "scored", Long.toString(scored));
        row(out, "failed with a reason", Long.toString(failedWithReason));
        terminal.values().stream().filter(t -> t.failed() != null).limit(3)
                .forEach(t -> row(out, "  e.g. " + t.topic(), t.failed().getReason()));
        row(out, "lost", ledger.lost().size() + (ledger.lost().isEmpty() ? "" : " " + ledger.lost().stream().limit(5).toList()));
        if (!ledger.lost().isEmpty()) {
            // enough to tell a stage stuck on one partition from requests that never got in
            row(out, "  stopped after", ledger.stalls(ChaosAudit.PIPELINE).toString());
            row(out, "  groups behind", lagWhenLost.toString());
        }
        row(out, "duplicated", ledger.duplicated().size() + (ledger.duplicated().isEmpty() ? "" : " " + ledger.duplicatesPerTopic()));
        row(out, "result objects (SHA-256 checked)", objectsChecked + " checked, " + objectProblems.size() + " missing or altered");
        objectProblems.stream().limit(3).forEach(p -> row(out, "  problem", p));
        row(out, "latency inside faults p50 / p99", latency(inside));
        row(out, "latency outside faults p50 / p99", latency(outside));
        out.println();
        out.println(passed() ? "PASSED: nothing lost, nothing duplicated" : "FAILED: see the rows above");
    }

    private long count(String path) {
        return submissions.stream().filter(s -> s.path().equals(path)).count();
    }

    private static String latency(List<Double> seconds) {
        if (seconds.isEmpty()) {
            return "- (no requests)";
        }
        Percentiles p = new Percentiles(seconds.stream().mapToDouble(Double::doubleValue).toArray());
        return String.format("%.1f s / %.1f s (%d requests)", p.at(50), p.at(99), p.count());
    }

    private static void row(PrintStream out, String name, String value) {
        out.printf("  %-34s %s%n", name, value);
    }
}
