package io.editstream.local.chaos;

import io.editstream.kafka.KafkaSettings;
import io.editstream.local.up.ProcessLayout;
import io.editstream.local.up.Supervisor;
import io.editstream.local.up.Up;
import io.editstream.storage.ObjectStore;
import io.editstream.storage.StorageSettings;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * One chaos run on a running {@link Up}: the load and the {@link FaultPlan} at the same time, then the audit of
 * every accepted request and of every result object.
 */
final class Chaos {
    private static final long KILL_WINDOW_MS = 15_000;
    private static final long BROKER_WINDOW_MS = 20_000;
    private static final long S3_OUTAGE_MS = 10_000;
    static final Duration SETTLE = Duration.ofSeconds(30);

    private final Up up;
    private final PrintStream out;
    private final AtomicInteger skipped = new AtomicInteger();
    private final AtomicReference<String> readiness = new AtomicReference<>("not probed");

    Chaos(Up up, PrintStream out) {
        this.up = up;
        this.out = out;
    }

    ChaosReport run(ChaosLoad load, int requests, double rate, long killIntervalMs, long seed, Duration drain) throws Exception {
        Supervisor supervisor = up.supervisor();
        List<String> services = supervisor.names().stream()
                .filter(n -> !n.equals(ProcessLayout.KAFKA) && !n.equals(ProcessLayout.S3)).sorted().toList();
        long loadMs = (long) (requests * 1000 / rate);
        FaultPlan plan = FaultPlan.of(services, loadMs, killIntervalMs, seed);
        out.printf("chaos: %d requests at %.1f/s (%d s), %d faults planned: kills %s, one broker restart, one %d s S3 outage%n",
                requests, rate, loadMs / 1000, plan.faults().size(), plan.killsPerKind(), S3_OUTAGE_MS / 1000);
        List<ChaosReport.FiredFault> fired = Collections.synchronizedList(new ArrayList<>());
        long start = System.currentTimeMillis();
        Thread faults = new Thread(() -> strike(plan, start, fired, services, seed), "chaos-faults");
        faults.setDaemon(true);
        faults.start();
        AtomicInteger sent = new AtomicInteger();
        List<Submission> submissions = load.run(requests, rate, i -> {
            int n = sent.incrementAndGet();
            if (n % Math.max(1, requests / 10) == 0) {
                out.printf("  sent %d/%d, faults so far: %d%n", n, requests, fired.size());
            }
        });
        faults.join();
        Set<String> accepted = submissions.stream().filter(Submission::accepted).map(Submission::id).collect(Collectors.toSet());
        out.printf("load done: %d accepted; waiting up to %d s for every request to end%n", accepted.size(), drain.toSeconds());
        KafkaSettings kafka = KafkaSettings.of(up.connection().get("KAFKA_BOOTSTRAP"));
        Ledger ledger = ChaosAudit.read(kafka, accepted, drain);
        List<String> problems = new ArrayList<>();
        int checked = checkObjects(ledger, problems);
        Map<String, Integer> restarts = new TreeMap<>();
        supervisor.names().forEach(n -> restarts.put(n, supervisor.restarts(n)));
        Map<String, Long> lag = ledger.lost().isEmpty() ? Map.of() : ChaosAudit.lag(kafka);
        return new ChaosReport(submissions, ledger, List.copyOf(fired), restarts, checked, problems, readiness.get(), skipped.get(), lag);
    }

    private void strike(FaultPlan plan, long start, List<ChaosReport.FiredFault> fired, List<String> services, long seed) {
        Supervisor supervisor = up.supervisor();
        Random random = new Random(seed);
        List<Thread> releases = new ArrayList<>();
        try {
            for (FaultPlan.Fault fault : plan.faults()) {
                long wait = start + fault.atMs() - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                long now = System.currentTimeMillis();
                switch (fault.kind()) {
                    case KILL -> (fault.exact() ? awaitSettled(fault.target()) : settled(fault.target(), services, random)).ifPresentOrElse(target -> {
                        supervisor.kill(target);
                        fired.add(new ChaosReport.FiredFault(fault.kind(), target, now, now + KILL_WINDOW_MS));
                    }, () -> skipped.incrementAndGet());
                    case BROKER_RESTART -> {
                        out.println("  chaos: restarting the broker (kill -9, the supervisor starts it again)");
                        supervisor.kill(fault.target());
                        fired.add(new ChaosReport.FiredFault(fault.kind(), fault.target(), now, now + BROKER_WINDOW_MS));
                    }
                    case S3_OUTAGE -> {
                        // released from another thread, so the kills planned during the outage still strike on time
                        out.println("  chaos: S3 away for " + S3_OUTAGE_MS / 1000 + " s");
                        supervisor.hold(fault.target());
                        Thread release = new Thread(() -> {
                            try {
                                Thread.sleep(S3_OUTAGE_MS / 2);
                                String during = ReadinessProbe.state(up.gatewayUrl());
                                Thread.sleep(S3_OUTAGE_MS / 2);
                                supervisor.release(fault.target());
                                long back = System.currentTimeMillis();
                                fired.add(new ChaosReport.FiredFault(fault.kind(), fault.target(), now, back));
                                readiness.set(during + " during it; " + ReadinessProbe.awaitUp(up.gatewayUrl(), back));
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                supervisor.release(fault.target());
                            }
                        }, "chaos-s3-outage");
                        release.start();
                        releases.add(release);
                    }
                }
            }
            for (Thread release : releases) {
                release.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The planned target if it has been up for {@link #SETTLE} (the gateway: and is ready) (killing a process that is still starting tests
     * nothing new, and on two cores it starves the others), else another service process that has, else none.
     */
    private Optional<String> settled(String planned, List<String> services, Random random) {
        if (upFor(planned)) {
            return Optional.of(planned);
        }
        List<String> candidates = services.stream().filter(this::upFor).toList();
        return candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.get(random.nextInt(candidates.size())));
    }

    /** The target itself once it has settled (checked every 250 ms, for up to 2 minutes). */
    private Optional<String> awaitSettled(String target) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        while (!upFor(target)) {
            if (System.currentTimeMillis() > deadline) {
                return Optional.empty();
            }
            Thread.sleep(250);
        }
        return Optional.of(target);
    }

    private boolean upFor(String name) {
        boolean settled = up.supervisor().process(name).flatMap(p -> p.info().startInstant())
                .map(started -> Duration.between(started, Instant.now()).compareTo(SETTLE) >= 0).orElse(false);
        if (!settled || !name.equals(ProcessLayout.processName("gateway", 1))) {
            return settled;
        }
        // the gateway's start (two Streams views) can outlast the settle time on two cores: it counts once ready
        try {
            return ReadinessProbe.state(up.gatewayUrl()).equals("UP");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Every scored request's result object exists and hashes to the SHA-256 its event names. */
    private int checkObjects(Ledger ledger, List<String> problems) {
        Map<String, String> c = up.connection();
        StorageSettings storage = new StorageSettings(c.get("S3_ENDPOINT"), c.get("S3_ACCESS_KEY"), c.get("S3_SECRET_KEY"),
                c.get("S3_BUCKET"), c.get("S3_REGION"));
        int checked = 0;
        try (ObjectStore store = ObjectStore.connect(storage)) {
            for (Ledger.Terminal t : ledger.terminal().values()) {
                if (t.scored() == null) {
                    continue;
                }
                checked++;
                var ref = t.scored().getOutput();
                try {
                    String sha = ObjectStore.sha256(store.get(ref.getUri()));
                    if (!sha.equals(ref.getSha256())) {
                        problems.add(ref.getUri() + " hashes to " + sha + ", its event says " + ref.getSha256());
                    }
                } catch (RuntimeException e) {
                    problems.add(ref.getUri() + " cannot be read: " + e.getMessage());
                }
            }
        }
        return checked;
    }
}
