package io.editstream.local;

import io.editstream.benchmark.BenchmarkSummary;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The benchmark report as data: what was read, skipped and failed, and the gateway's aggregation of the
 * run's entries ({@link BenchmarkSummary}: per model tag, per task and per reasoning category, balanced
 * overall, human judgement). It holds no run id, request id or clock, and every list is sorted, so the
 * same file, seeds and models give the same {@code report.json}, byte for byte. Also picks one sample
 * item per task for the image grid.
 */
public final class BenchmarkReport {
    /** One item per task shown as images: source, target (may be null), output. */
    public record Sample(String task, String item, String instruction, String explicitInstruction,
                         byte[] source, byte[] target, byte[] output) {
    }

    private BenchmarkReport() {
    }

    public static JsonObject build(Path file, BenchmarkRunner.Settings settings, BenchmarkRunner.Result result) {
        JsonArray seeds = new JsonArray();
        for (int s = 0; s < settings.seeds(); s++) {
            seeds.add(settings.baseSeed() + s);
        }
        JsonArray skipped = new JsonArray();
        result.skipped().stream().sorted(Comparator.comparing(BenchmarkFile.Skipped::id))
                .forEach(s -> skipped.add(new JsonObject().put("id", s.id()).put("reason", s.reason())));
        JsonArray failed = new JsonArray();
        result.outcomes().stream().filter(o -> !o.scored()).sorted(Comparator.comparing(o -> o.request().label()))
                .forEach(o -> failed.add(new JsonObject().put("request", o.request().label())
                        .put("reason", o.requestId() == null ? o.problem() : o.problem().replace(o.requestId(), "<request>"))));
        long scored = result.outcomes().stream().filter(BenchmarkRunner.Outcome::scored).count();
        JsonObject summary = BenchmarkSummary.summarize(settings.run(), result.entries());
        return new JsonObject()
                .put("benchmark", file.getFileName().toString()).put("format", result.contents().format())
                .put("seeds", seeds).put("steps", settings.steps()).put("modelTag", settings.modelTag())
                .put("counts", new JsonObject().put("entriesInFile", result.contents().items().size() + result.contents().skipped().size())
                        .put("skipped", skipped.size()).put("requests", result.plan().size()).put("scored", scored)
                        .put("failed", failed.size()))
                .put("skipped", skipped).put("failed", failed)
                .put("models", summary.getJsonObject("models")).put("human", summary.getJsonObject("human"));
    }

    /** The first scored item (by id) of every task, with its images; the output is fetched from the gateway. */
    public static List<Sample> samples(BenchmarkRunner runner, BenchmarkRunner.Result result) throws Exception {
        Map<String, BenchmarkRunner.Outcome> firstPerTask = new TreeMap<>();
        result.outcomes().stream().filter(BenchmarkRunner.Outcome::scored)
                .filter(o -> o.request().variant().equals(BenchmarkPlan.EDIT))
                .sorted(Comparator.comparing((BenchmarkRunner.Outcome o) -> o.request().item().id())
                        .thenComparing(o -> o.request().seed()))
                .forEach(o -> firstPerTask.putIfAbsent(o.request().item().task(), o));
        List<Sample> samples = new ArrayList<>();
        for (BenchmarkRunner.Outcome o : firstPerTask.values()) {
            BenchmarkFile.Item item = o.request().item();
            samples.add(new Sample(item.task(), item.id(), item.instruction(), o.status().getString("explicitInstruction", ""),
                    Files.readAllBytes(item.input()), item.target() == null ? null : Files.readAllBytes(item.target()),
                    runner.output(o.requestId())));
        }
        return samples;
    }
}
