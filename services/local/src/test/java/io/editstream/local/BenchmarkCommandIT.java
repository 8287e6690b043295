package io.editstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code editstream benchmark} against the whole pipeline on a real (in-JVM KRaft) broker and S3 endpoint,
 * on the tiny simulator benchmark in both formats: items with a missing or unreadable image are skipped
 * with their reason while the rest run, DiscEdit pairs are formed, the gateway's aggregation answers for
 * the run, and a second run with the same seeds writes the same report.json; AURORA's DiscEdit folder
 * ({@code disc_edit_data/<task>/*.json}) runs and reports DiscEdit per task, exact match as null ("–").
 */
class BenchmarkCommandIT {
    @TempDir
    static Path dataDir;
    static LocalStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.start(StackOptions.embedded(dataDir.resolve("stack"), 0));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    static Path fixture(String name) throws Exception {
        return Paths.get(BenchmarkCommandIT.class.getResource("/benchmarks/sim-test/" + name).toURI());
    }

    private static int benchmark(String file, String run, Path out) throws Exception {
        return benchmark(fixture(file), run, out);
    }

    private static int benchmark(Path file, String run, Path out) {
        return new CommandLine(new BenchmarkCommand()).execute("--file", file.toString(), "--gateway", stack.gatewayUrl(),
                "--seeds", "2", "--steps", "2", "--run-id", run, "--out", out.toString(), "--model-tag", "fixture");
    }

    @Test
    void auroraFileRunsSkipsBrokenItemsAndReproducesItsReport() throws Exception {
        Path first = dataDir.resolve("first");
        Path second = dataDir.resolve("second");
        assertThat(benchmark("benchmark.json", "it-aurora-1", first)).isZero();
        assertThat(benchmark("benchmark.json", "it-aurora-2", second)).isZero();

        JsonObject report = new JsonObject(Files.readString(first.resolve("report.json")));
        assertThat(report.getJsonObject("counts").getMap()).containsEntry("entriesInFile", 5).containsEntry("skipped", 2)
                .containsEntry("requests", 12).containsEntry("scored", 12).containsEntry("failed", 0);
        JsonArray skipped = report.getJsonArray("skipped");
        assertThat(skipped.getJsonObject(0).getString("id")).isEqualTo("test-corrupt");
        assertThat(skipped.getJsonObject(0).getString("reason")).contains("corrupt_input.png").contains("unreadable");
        assertThat(skipped.getJsonObject(1).getString("reason")).isEqualTo("input image absent_input.png is missing");

        JsonObject model = report.getJsonObject("models").getJsonObject("fixture");
        assertThat(model.getJsonObject("tasks").fieldNames()).containsExactlyInAnyOrder("location/absolute", "rotation/turn_around", "count/add");
        assertThat(model.getJsonObject("categories").fieldNames()).containsExactlyInAnyOrder("EXPLICIT", "PHYSICAL", "TEMPORAL");
        JsonObject overall = model.getJsonObject("overall");
        assertThat(overall.getInteger("items")).isEqualTo(3);
        assertThat(overall.getJsonObject("scores").fieldNames()).contains("l1", "l2", "clip_i", "clip_t");
        assertThat(overall.getJsonObject("copyBaseline").fieldNames()).contains("l1", "l2", "clip_i", "clip_t");
        assertThat(overall.getJsonObject("discEdit").getInteger("n")).isEqualTo(6);   // 3 items × 2 seeds, each an edit/no-change pair
        assertThat(overall.getJsonObject("exactMatch").getInteger("n")).isEqualTo(3);

        // same file, seeds and models: the same numbers, byte for byte
        assertThat(Files.readString(second.resolve("report.json"))).isEqualTo(Files.readString(first.resolve("report.json")));
        assertThat(Files.readString(first.resolve("report.md"))).contains("| task | items | L1↓ | copy |").contains("absent_input.png");
        assertThat(Files.readString(first.resolve("report.html"))).contains("A sample per task").contains("data:image/png;base64,");
        var grid = ImageIO.read(first.resolve("grid.png").toFile());
        assertThat(grid.getWidth()).isEqualTo(ReportFiles.GAP + 3 * (ReportFiles.CELL + ReportFiles.GAP));   // one column per task
        assertThat(grid.getHeight()).isEqualTo(ReportFiles.GAP + 3 * (ReportFiles.CELL + ReportFiles.GAP));  // source, target, output

        HttpResponse<String> view = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(stack.gatewayUrl() + "/v1/benchmarks/it-aurora-1")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(view.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(view.body()).getInteger("entries")).isEqualTo(12);
    }

    @Test
    void reasonFiftyKLinesRunAsTheReasoningTaskWithTheirCategories() throws Exception {
        Path out = dataDir.resolve("jsonl");
        assertThat(benchmark("reasonbrain.jsonl", "it-jsonl", out)).isZero();
        JsonObject report = new JsonObject(Files.readString(out.resolve("report.json")));
        assertThat(report.getString("format")).isEqualTo("reason50k-jsonl");
        assertThat(report.getJsonObject("counts").getMap()).containsEntry("skipped", 1).containsEntry("scored", 3);
        JsonObject model = report.getJsonObject("models").getJsonObject("fixture");
        assertThat(model.getJsonObject("tasks").fieldNames()).containsExactly(BenchmarkFile.REASON50K_TASK);
        assertThat(model.getJsonObject("categories").fieldNames()).containsExactlyInAnyOrder("EXPLICIT", "PHYSICAL", "TEMPORAL");
        assertThat(model.getJsonObject("overall").getJsonObject("discEdit").getInteger("n")).isZero();   // no no-change prompts
    }

    @Test
    void auroraDiscEditFolderReportsDiscEditPerTaskAndNoExactMatch() throws Exception {
        Path out = dataDir.resolve("disc");
        assertThat(benchmark(DiscEditFileTest.aurora().resolve("disc_edit_data"), "it-disc", out)).isZero();
        JsonObject report = new JsonObject(Files.readString(out.resolve("report.json")));
        assertThat(report.getString("format")).isEqualTo(BenchmarkFile.DISC_EDIT_FORMAT);
        assertThat(report.getJsonObject("counts").getMap()).containsEntry("skipped", 1).containsEntry("requests", 12)
                .containsEntry("scored", 12).containsEntry("failed", 0);
        JsonObject tasks = report.getJsonObject("models").getJsonObject("fixture").getJsonObject("tasks");
        assertThat(tasks.fieldNames()).containsExactly("clevr", "something", "whatsup");
        for (String task : tasks.fieldNames()) {
            JsonObject t = tasks.getJsonObject(task);
            assertThat(t.getJsonObject("discEdit").getInteger("n")).as(task + ": 2 seeds, each an edit/no-change pair").isEqualTo(2);
            assertThat(t.getJsonObject("exactMatch").getValue("mean")).as(task + ": no explicit instruction").isNull();
        }
        assertThat(Files.readString(out.resolve("report.md"))).contains("| whatsup | 1 |");
    }
}
