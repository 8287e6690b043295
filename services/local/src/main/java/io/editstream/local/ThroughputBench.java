package io.editstream.local;

import io.editstream.client.EditClient;
import io.editstream.events.EditOptions;
import io.editstream.kafka.Topics;
import io.editstream.service.ServiceHttp;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code editstream bench --throughput}: the same models, sample scenes and request options driven two ways in one
 * JVM: (a) {@link DirectPipeline} in {@code concurrency} threads, no Kafka, no S3; (b) the embedded pipeline
 * ({@link LocalStack}) through its HTTP API, {@code concurrency} requests in flight. Then open-loop latency: Poisson
 * arrivals at fractions of (b)'s measured capacity. Prints figures ({@link ThroughputReport}); asserts nothing.
 */
final class ThroughputBench {
    static final double[] LOAD_FRACTIONS = {0.5, 0.8, 1.0};
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);

    /** What to run: {@code requests} measured per mode after {@code warmup}, {@code loadRequests} per open-loop level. */
    record Plan(int concurrency, int requests, int warmup, int loadRequests, int steps) {
        Plan {
            if (concurrency < 1 || requests < 1 || warmup < 0 || loadRequests < 1 || steps < 1) {
                throw new UserError("bench --throughput: --concurrency, --requests, --load-requests and --steps must be at least 1,"
                        + " --warmup at least 0");
            }
        }
    }

    private final Plan plan;
    private final StackOptions stack;
    private final PrintStream out;
    private final List<Samples.Sample> samples;
    private final List<byte[]> images = new ArrayList<>();

    ThroughputBench(Plan plan, StackOptions stack, PrintStream out) throws Exception {
        this.plan = plan;
        this.stack = stack;
        this.out = out;
        this.samples = Samples.load(Samples.locate());
        for (Samples.Sample sample : samples) {
            images.add(Files.readAllBytes(sample.image()));
        }
    }

    ThroughputReport run() throws Exception {
        ThroughputReport.Phase direct = direct();
        out.printf("direct loop: %.2f requests/s%n", direct.run().perSecond());
        List<ThroughputReport.Level> levels = new ArrayList<>();
        ThroughputReport.Phase pipeline;
        try (LocalStack running = LocalStack.start(stack);
             EventRecorder recorder = new EventRecorder(running.kafka(), List.of(Topics.EDIT_SCORED))) {
            recorder.awaitAssignment(Duration.ofSeconds(30));
            EditClient client = new EditClient(running.gatewayUrl());
            ClosedLoop.Request request = i -> throughPipeline(client, recorder, i);
            if (plan.warmup() > 0) {
                warmUp("pipeline", request);
            }
            pipeline = measure("pipeline", request);
            double capacity = pipeline.run().perSecond();
            out.printf("pipeline: %.2f requests/s%n", capacity);
            int first = plan.warmup() + plan.requests();   // the open loop goes on with the next indices
            for (double fraction : LOAD_FRACTIONS) {
                double rate = fraction * capacity;
                out.printf("open loop at %.0f%% of capacity (%.2f requests/s, Poisson arrivals):%n", 100 * fraction, rate);
                BatchProgress progress = new BatchProgress(out, plan.loadRequests());
                long t0 = System.nanoTime();
                double[] latency = OpenLoop.run("bench-open", OpenLoop.arrivals(rate, plan.loadRequests(), first), first,
                        request::run, () -> progress.finished(true));
                levels.add(new ThroughputReport.Level(fraction, rate, latency, (System.nanoTime() - t0) / 1e9));
                first += plan.loadRequests();
            }
        }
        return new ThroughputReport(plan, samples.size(), direct, pipeline, levels);
    }

    /** Phase (a): every model in this JVM, in memory; its per-step CPU plus the renderer's UNet batcher thread. */
    private ThroughputReport.Phase direct() throws Exception {
        try (DirectPipeline direct = DirectPipeline.open(DirectPipeline.stageConfigs(stack.stageConfig()))) {
            ClosedLoop.Request request = i -> {
                int k = i % samples.size();
                direct.run("direct-" + i, images.get(k), samples.get(k).instruction(), options(i));
            };
            if (plan.warmup() > 0) {
                warmUp("direct", request);
            }
            Map<Stage, Long> before = new EnumMap<>(direct.cpuNanos());
            UNetUse unetBefore = UNetUse.of(direct.unetStats());
            ThroughputReport.Phase phase = measure("direct", request);
            UNetUse unet = UNetUse.of(direct.unetStats()).minus(unetBefore);
            Map<String, Double> cpu = new LinkedHashMap<>();
            direct.cpuNanos().forEach((stage, nanos) -> cpu.put(stage.service(), (nanos - before.get(stage)) / 1e9));
            // the UNet runs on the batcher thread, which the census saw; the direct workers themselves are counted above
            cpu.merge("diffusion-renderer", phase.cpuSeconds().getOrDefault("diffusion-renderer", 0.0), Double::sum);
            return new ThroughputReport.Phase(phase.run(), cpu, phase.memory(), unet);
        }
    }

    /**
     * Requests 0 .. warmup-1, not measured (class loading, JIT, ONNX Runtime's first runs); both modes then measure
     * the same indices, hence the same samples and seeds.
     */
    private void warmUp(String mode, ClosedLoop.Request request) throws Exception {
        out.printf("%s: %d warm-up requests at concurrency %d%n", mode, plan.warmup(), plan.concurrency());
        ClosedLoop.run("bench-" + mode, plan.concurrency(), plan.warmup(), 0, request, () -> { });
    }

    /** The measured closed loop, with a thread census around it. */
    private ThroughputReport.Phase measure(String mode, ClosedLoop.Request request) throws Exception {
        out.printf("%s: %d requests at concurrency %d%n", mode, plan.requests(), plan.concurrency());
        BatchProgress progress = new BatchProgress(out, plan.requests());
        Map<Long, StageCpu.Sample> before = StageCpu.snapshot();
        UNetUse unetBefore = UNetUse.of(ServiceHttp.meterRegistry());
        ClosedLoop.Result result = ClosedLoop.run("bench-" + mode, plan.concurrency(), plan.requests(),
                plan.warmup(), request, () -> progress.finished(true));
        Map<String, Double> census = StageCpu.secondsBetween(before, StageCpu.snapshot());
        // the pipeline's renderer counts on the process's registry; the direct loop's batcher is read by direct() instead
        UNetUse unet = UNetUse.of(ServiceHttp.meterRegistry()).minus(unetBefore);
        return new ThroughputReport.Phase(result, census, ProcessMemory.now(), unet);
    }

    private EditOptions options(int index) {
        return EditOptions.newBuilder().setSteps(plan.steps()).setSeed(index).build();
    }

    private void throughPipeline(EditClient client, EventRecorder recorder, int index) throws Exception {
        int k = index % samples.size();
        EditClient.Submission s = client.submit(images.get(k), "bench.png", samples.get(k).instruction(),
                Map.of("steps", Integer.toString(plan.steps()), "seed", Integer.toString(index)));
        if (!s.accepted()) {
            throw new IllegalStateException("bench request rejected: " + s.body().encode());
        }
        if (recorder.await(Topics.EDIT_SCORED, s.id(), REQUEST_TIMEOUT) == null) {
            throw new IllegalStateException("request " + s.id() + " was not scored within " + REQUEST_TIMEOUT.toMinutes() + " minutes");
        }
    }
}
