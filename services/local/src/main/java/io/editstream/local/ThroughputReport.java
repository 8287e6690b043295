package io.editstream.local;

import java.io.PrintStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The figures of one {@code bench --throughput} run as a few small tables: requests/s of the direct loop and of
 * the pipeline and their ratio, CPU seconds per stage in each mode, memory, and open-loop latency per load level.
 */
record ThroughputReport(ThroughputBench.Plan plan, int scenes, Phase direct, Phase pipeline, List<Level> levels) {

    /** One closed-loop phase: the run, CPU seconds by stage over its measured requests, and memory at its end. */
    record Phase(ClosedLoop.Result run, Map<String, Double> cpuSeconds, ProcessMemory memory, UNetUse unet) {
        double totalCpu() {
            return cpuSeconds.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    /** One open-loop level: its fraction of the measured capacity, arrival rate, latencies and wall time. */
    record Level(double fraction, double ratePerSecond, double[] latencySeconds, double wallSeconds) {
    }

    double ratio() {
        return pipeline.run().perSecond() / direct.run().perSecond();
    }

    void print(PrintStream out) {
        out.println();
        out.printf("Throughput: %d requests per mode at concurrency %d after %d warm-up, %d diffusion steps, %d sample scenes%n",
                plan.requests(), plan.concurrency(), plan.warmup(), plan.steps(), scenes);
        out.printf("%-10s %12s %10s %10s %8s%n", "mode", "requests/s", "p50 ms", "p99 ms", "wall s");
        row(out, "direct", direct.run());
        row(out, "pipeline", pipeline.run());
        out.printf("ratio pipeline/direct: %.2f%n", ratio());

        out.println();
        out.println("CPU seconds per stage over the measured requests (per-thread CPU time, summed by thread name):");
        out.printf("%-20s %9s %9s%n", "stage", "direct", "pipeline");
        Set<String> stages = new LinkedHashSet<>(ProgressLine.STAGES);
        stages.add("gateway");
        stages.addAll(direct.cpuSeconds().keySet());
        stages.addAll(pipeline.cpuSeconds().keySet());
        for (String rest : List.of(StageCpu.BROKER, StageCpu.S3, StageCpu.BENCH, StageCpu.OTHER)) {
            stages.remove(rest);
            stages.add(rest);
        }
        for (String stage : stages) {
            out.printf("%-20s %9s %9s%n", stage, seconds(direct.cpuSeconds().get(stage)), seconds(pipeline.cpuSeconds().get(stage)));
        }
        out.printf("%-20s %9.2f %9.2f%n", "total", direct.totalCpu(), pipeline.totalCpu());
        double directMs = 1000 * direct.totalCpu() / direct.run().requests();
        double pipelineMs = 1000 * pipeline.totalCpu() / pipeline.run().requests();
        out.printf("%-20s %9.1f %9.1f%n", "CPU ms per request", directMs, pipelineMs);
        // the same models ran in both, so what the pipeline spends beyond the direct loop is its plumbing
        out.printf("plumbing CPU per request (pipeline minus direct): %.1f ms, %.0f%% of the pipeline's%n", pipelineMs - directMs,
                100 * (pipelineMs - directMs) / pipelineMs);
        out.println("(direct: the gateway row is decoding the upload, each stage row its calls on the direct loop's threads;"
                + " pipeline: bench clients are this benchmark's HTTP client and recorder, other is mostly the JIT)");
        out.printf("renderer UNet: direct %.2f request-steps per call, %.1f ms inside the UNet per request; pipeline %.2f per call,"
                + " %.1f ms per request%n", direct.unet().stepsPerCall(), 1000 * direct.unet().seconds() / direct.run().requests(),
                pipeline.unet().stepsPerCall(), 1000 * pipeline.unet().seconds() / pipeline.run().requests());
        out.println();
        out.printf("process RSS: %.0f MiB after direct, %.0f MiB after pipeline; JVM heap used %.0f MiB of %.0f MiB max%n",
                direct.memory().rssMiB(), pipeline.memory().rssMiB(), pipeline.memory().heapUsedMiB(), pipeline.memory().heapMaxMiB());

        out.println();
        out.printf("Open-loop latency, end to end (Poisson arrivals, %d requests per level, from scheduled arrival to scored):%n",
                plan.loadRequests());
        out.printf("%-6s %12s %10s %10s %12s%n", "load", "offered/s", "p50 ms", "p99 ms", "achieved/s");
        for (Level level : levels) {
            Percentiles p = new Percentiles(level.latencySeconds());
            out.printf("%5.0f%% %12.2f %10.0f %10.0f %12.2f%n", 100 * level.fraction(), level.ratePerSecond(), 1000 * p.at(50),
                    1000 * p.at(99), level.latencySeconds().length / level.wallSeconds());
        }
    }

    private static void row(PrintStream out, String mode, ClosedLoop.Result run) {
        Percentiles p = new Percentiles(run.latencySeconds());
        out.printf("%-10s %12.2f %10.0f %10.0f %8.1f%n", mode, run.perSecond(), 1000 * p.at(50), 1000 * p.at(99), run.wallSeconds());
    }

    private static String seconds(Double value) {
        return value == null ? "-" : String.format("%.2f", value);
    }
}
