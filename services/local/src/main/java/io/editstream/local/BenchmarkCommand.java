package io.editstream.local;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Runs a benchmark file through the pipeline and writes its report: on the embedded stack (started
 * here, like demo and bench) or against a running gateway ({@code --gateway}). Quality numbers come from
 * the gateway's benchmark view; this command only sends, waits and writes.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = {"Run an AURORA-Bench JSON, Reason50K-style JSONL or AURORA DiscEdit benchmark through the pipeline.",
            "Reports L1/L2 (next to the copy baseline), CLIP-I, CLIP-T, DINO, the VLM judge's ratings, DiscEdit accuracy",
            "and reasoner exact match per task and reasoning category, with standard errors",
            "and the balanced overall score, in report.json, report.md, report.html and grid.png."})
public final class BenchmarkCommand implements Callable<Integer> {
    @Mixin
    StackMixin stack;

    @Option(names = "--file", required = true, description = {"Benchmark file: AURORA-Bench JSON array, Reason50K JSONL or an AURORA DiscEdit file",
        "(disc_edit_data/<task>/*.json); or a folder: disc_edit_data itself, or one of its task folders. Image paths relative to it."})
    Path file;

    @Option(names = "--limit", description = "Only the first N entries of the file.")
    Integer limit;

    @Option(names = "--seeds", defaultValue = "4", description = "Noise samples per DiscEdit item (default: ${DEFAULT-VALUE}, as AURORA).")
    int seeds;

    @Option(names = "--seed", defaultValue = "42", description = "First seed; sample k uses seed+k (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--steps", defaultValue = "20", description = "Diffusion steps per request (default: ${DEFAULT-VALUE}, as DiscEdit).")
    int steps;

    @Option(names = "--out", description = "Report folder (default: <data-dir>/benchmark).")
    Path out;

    @Option(names = "--model-tag", defaultValue = "", description = "Label of the models under test; reports group by it.")
    String modelTag;

    @Option(names = "--gateway", description = "URL of a running gateway (e.g. http://localhost:8080) instead of the embedded stack.")
    String gateway;

    @Option(names = "--concurrency", defaultValue = "8", description = "Requests in flight at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--timeout", defaultValue = "600", description = "Seconds to wait for each request (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--run-id", description = "Run id (default: a new one); reports and the gateway's view group by it.")
    String runId;

    @Override
    public Integer call() throws Exception {
        // checked before the stack starts, so a typo costs a line, not a minute of start-up
        Path resolved = file.toAbsolutePath().normalize();
        if (!Files.exists(resolved)) {
            throw new UserError("benchmark file " + resolved + " does not exist");
        }
        file = resolved;
        BenchmarkFile.Contents contents = BenchmarkFile.read(file);
        String run = runId != null ? runId : "bench-" + UUID.randomUUID().toString().substring(0, 8);
        Path outDir = out != null ? out : stack.dataDir.resolve("benchmark");
        if (gateway != null) {
            return run(gateway, contents, run, outDir);
        }
        try (LocalStack running = LocalStack.start(stack.options())) {
            return run(running.gatewayUrl(), contents, run, outDir);
        }
    }

    private int run(String url, BenchmarkFile.Contents contents, String run, Path outDir) throws Exception {
        BenchmarkRunner.Settings settings = new BenchmarkRunner.Settings(url, run, modelTag, seed, seeds, steps, concurrency,
                Duration.ofSeconds(timeoutSeconds));
        BenchmarkRunner runner = new BenchmarkRunner(settings);
        BenchmarkRunner.Result result = runner.run(file, contents, limit, System.out);
        JsonObject report = BenchmarkReport.build(file, settings, result);
        ReportFiles.write(outDir, run, report, BenchmarkReport.samples(runner, result));
        System.out.println();
        System.out.println(ReportFiles.header(report));
        System.out.println();
        System.out.print(ReportTables.text(ReportTables.tables(report)));
        report.getJsonArray("skipped").forEach(s -> System.out.println("skipped " + ((JsonObject) s).getString("id") + ": "
                + ((JsonObject) s).getString("reason")));
        report.getJsonArray("failed").forEach(s -> System.out.println("failed " + ((JsonObject) s).getString("request") + ": "
                + ((JsonObject) s).getString("reason")));
        System.out.println("Report: " + outDir.resolve("report.html") + " (also report.json, report.md, grid.png); "
                + "rate the edits at " + url + "/rate?run=" + run);
        return report.getJsonObject("counts").getLong("scored") > 0 ? 0 : 1;
    }
}
