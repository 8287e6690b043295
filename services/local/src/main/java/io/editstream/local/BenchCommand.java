package io.editstream.local;

import io.editstream.client.EditClient;

import io.editstream.events.EditOptions;
import io.editstream.events.StageInfo;
import io.editstream.kafka.Topic;
import io.editstream.kafka.Topics;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Per-hop overhead of the pipeline plumbing (Kafka + S3 + Avro), model time excluded. For each stage,
 * a hop runs from the moment the stage takes its input off Kafka to the moment its output is readable
 * by the next consumer (transaction committed); the stage's own model time is subtracted. Requests are
 * sent one at a time so that queueing behind other requests does not count as overhead.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Per-hop overhead benchmark (Kafka + S3 + Avro, model time excluded): p50/p99 per stage.",
            "Runs the embedded stack and sends requests one at a time through the HTTP API.",
            "With --throughput: requests/s of the direct in-process loop and of the pipeline at --concurrency, and"
                    + " open-loop latency."})
public final class BenchCommand implements Callable<Integer> {
    @Mixin
    StackMixin stack;

    @Option(names = "--requests", description = "Measured requests (default: 200; with --throughput 64 per mode).")
    Integer requests;

    @Option(names = "--warmup", description = "Requests before measuring (default: 20; with --throughput 8 per mode).")
    Integer warmup;

    @Option(names = "--throughput", description = {"Throughput instead: the same models as a direct in-process loop (no Kafka,"
            + " no S3) and through the pipeline, requests/s of both and their ratio, CPU per stage, RSS, then open-loop"
            + " latency at 50%, 80% and 100% of the measured capacity."})
    boolean throughput;

    @Option(names = "--concurrency", defaultValue = "8",
            description = "With --throughput: requests in flight, and direct-loop threads (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--load-requests", defaultValue = "32",
            description = "With --throughput: requests per open-loop load level (default: ${DEFAULT-VALUE}).")
    int loadRequests;

    @Option(names = "--steps", description = "Diffusion steps per request (default: 2; with --throughput a request's default, 20).")
    Integer steps;

    private static String median(List<Double> values) {
        return values == null ? "-" : String.format("%.2f", new Percentiles(values.stream().mapToDouble(Double::doubleValue).toArray()).at(50));
    }

    private record Hop(String name, Topic<?> output, Function<SpecificRecord, StageInfo> stage) {
    }

    private static final List<Hop> HOPS = List.of(
            new Hop("reasoner", Topics.GUIDANCE_PRODUCED, e -> ((io.editstream.events.GuidanceProduced) e).getStage()),
            new Hop("cue-extractor", Topics.CUES_EXTRACTED, e -> ((io.editstream.events.CuesExtracted) e).getStage()),
            new Hop("enhancer", Topics.CONDITIONING_PRODUCED, e -> ((io.editstream.events.ConditioningProduced) e).getStage()),
            new Hop("diffusion-renderer", Topics.IMAGE_RENDERED, e -> ((io.editstream.events.ImageRendered) e).getStage()),
            new Hop("scorer", Topics.EDIT_SCORED, e -> ((io.editstream.events.EditScored) e).getStage()));

    @Override
    public Integer call() throws Exception {
        if (throughput) {
            var plan = new ThroughputBench.Plan(concurrency, requests == null ? 64 : requests, warmup == null ? 8 : warmup,
                    // model time is the point here, so requests take the steps a client's request gets by default
                    loadRequests, steps == null ? EditOptions.newBuilder().build().getSteps() : steps);
            new ThroughputBench(plan, stack.options(), System.out).run().print(System.out);
            return 0;
        }
        int requests = this.requests == null ? 200 : this.requests;
        int warmup = this.warmup == null ? 20 : this.warmup;
        int steps = this.steps == null ? 2 : this.steps;
        Samples.Sample sample = Samples.load(Samples.locate()).get(0);
        byte[] image = Files.readAllBytes(sample.image());
        try (LocalStack running = LocalStack.start(stack.options());
             EventRecorder recorder = new EventRecorder(running.kafka(), List.of(Topics.EDIT_REQUESTED,
                     Topics.GUIDANCE_PRODUCED, Topics.CUES_EXTRACTED, Topics.CONDITIONING_PRODUCED,
                     Topics.IMAGE_RENDERED, Topics.EDIT_SCORED))) {
            recorder.awaitAssignment(Duration.ofSeconds(30));
            EditClient client = new EditClient(running.gatewayUrl());
            Map<String, List<Double>> overhead = new LinkedHashMap<>();
            Map<String, List<Double>> model = new LinkedHashMap<>();
            Map<String, List<Double>> io = new LinkedHashMap<>();
            List<Double> endToEnd = new ArrayList<>();
            overhead.put("gateway", new ArrayList<>());
            HOPS.forEach(h -> {
                overhead.put(h.name(), new ArrayList<>());
                model.put(h.name(), new ArrayList<>());
                io.put(h.name(), new ArrayList<>());
            });
            int total = warmup + requests;
            for (int i = 0; i < total; i++) {
                EditClient.Submission s = client.submit(image, "bench.png", sample.instruction(),
                        Map.of("steps", Integer.toString(steps), "seed", Integer.toString(i)));
                if (!s.accepted()) {
                    throw new IllegalStateException("bench request rejected: " + s.body().encode());
                }
                EventRecorder.Seen scored = recorder.await(Topics.EDIT_SCORED, s.id(), Duration.ofMinutes(2));
                if (scored == null) {
                    throw new IllegalStateException("request " + s.id() + " was not scored within 2 minutes");
                }
                if (i < warmup) {
                    continue;
                }
                var requested = recorder.get(Topics.EDIT_REQUESTED, s.id());
                long occurredAt = ((io.editstream.events.EditRequested) requested.event()).getOccurredAt().toEpochMilli();
                overhead.get("gateway").add((double) (requested.visibleAtMillis() - occurredAt));
                for (Hop hop : HOPS) {
                    EventRecorder.Seen out = recorder.get(hop.output(), s.id());
                    StageInfo info = hop.stage().apply(out.event());
                    double modelMs = info.getModelMicros() / 1000.0;
                    overhead.get(hop.name()).add(out.visibleAtMillis() - info.getReceivedAt().toEpochMilli() - modelMs);
                    model.get(hop.name()).add(modelMs);
                    io.get(hop.name()).add(info.getIoMicros() / 1000.0);
                }
                endToEnd.add((double) (scored.visibleAtMillis() - occurredAt));
                if ((i - warmup + 1) % 50 == 0) {
                    System.out.printf("  %d/%d requests measured%n", i - warmup + 1, requests);
                }
            }
            print(overhead, model, io, endToEnd, requests, warmup);
        }
        return 0;
    }

    private void print(Map<String, List<Double>> overhead, Map<String, List<Double>> model, Map<String, List<Double>> io,
                       List<Double> endToEnd, int requests, int warmup) {
        System.out.println();
        System.out.printf("Per-hop overhead over %d sequential requests (%d warm-up), ms, model time excluded:%n", requests, warmup);
        System.out.printf("%-20s %8s %8s %8s   %-14s %s%n", "hop", "p50", "p99", "mean", "of which S3 p50", "model p50 (excluded)");
        for (Map.Entry<String, List<Double>> e : overhead.entrySet()) {
            Percentiles p = new Percentiles(e.getValue().stream().mapToDouble(Double::doubleValue).toArray());
            System.out.printf("%-20s %8.2f %8.2f %8.2f   %-14s %s%n", e.getKey(), p.at(50), p.at(99), p.mean(),
                    median(io.get(e.getKey())), median(model.get(e.getKey())));
        }
        System.out.println("(hop = input taken off Kafka → output committed and readable downstream; S3 = the stage's"
                + " object-store reads and writes, part of the overhead)");
        Percentiles e2e = new Percentiles(endToEnd.stream().mapToDouble(Double::doubleValue).toArray());
        System.out.printf("%-20s %8.2f %8.2f %8.2f%n", "end to end", e2e.at(50), e2e.at(99), e2e.mean());
    }
}
