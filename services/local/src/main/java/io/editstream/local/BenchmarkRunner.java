package io.editstream.local;

import io.editstream.client.EditClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;

/**
 * Runs a benchmark through a gateway like any client: checks every item's images (a missing or
 * unreadable one skips the item, with the reason, and the run goes on), sends the plan's requests tagged
 * with the run, item, task, category, variant and model tag, at most {@code concurrency} in flight, waits
 * for each to end, then reads the run's entries back from the gateway's benchmark view once every scored
 * request is in it. Everything the report needs is returned; nothing is printed but the progress bar.
 */
public final class BenchmarkRunner {
    /** How to run: where the gateway is, the run id, and the sampling settings. */
    public record Settings(String gatewayUrl, String run, String modelTag, long baseSeed, int seeds, int steps,
                           int concurrency, Duration timeout) {
    }

    /** How one request ended: {@code status} is its last status document (null when refused); {@code problem} null when scored. */
    public record Outcome(BenchmarkPlan.Request request, String requestId, JsonObject status, String problem) {
        public boolean scored() {
            return problem == null;
        }
    }

    /** A run's raw results. */
    public record Result(BenchmarkFile.Contents contents, List<BenchmarkFile.Skipped> skipped, List<BenchmarkPlan.Request> plan,
                         List<Outcome> outcomes, List<JsonObject> entries) {
    }

    private final Settings settings;
    private final EditClient client;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public BenchmarkRunner(Settings settings) {
        this.settings = settings;
        this.client = new EditClient(settings.gatewayUrl());
    }

    /** Runs {@code contents}, read from {@code file} (its folder resolves the items' image paths). */
    public Result run(Path file, BenchmarkFile.Contents contents, Integer limit, PrintStream out) throws Exception {
        List<BenchmarkFile.Skipped> skipped = new ArrayList<>(contents.skipped());
        List<BenchmarkFile.Item> usable = new ArrayList<>();
        Path root = Files.isDirectory(file) ? file.toAbsolutePath() : file.toAbsolutePath().getParent();
        List<BenchmarkFile.Item> items = limit == null ? contents.items()
                : contents.items().subList(0, Math.min(limit, contents.items().size()));
        for (BenchmarkFile.Item item : items) {
            String problem = imageProblem(root, item.input(), "input");
            if (problem == null && item.target() != null) {
                problem = imageProblem(root, item.target(), "target");
            }
            if (problem == null) {
                usable.add(item);
            } else {
                skipped.add(new BenchmarkFile.Skipped(item.id(), problem));
            }
        }
        List<BenchmarkPlan.Request> plan = BenchmarkPlan.requests(usable, settings.baseSeed(), settings.seeds());
        out.printf("%s: %d items (%s), %d skipped, %d requests (%d seeds for DiscEdit), run %s%n", file.getFileName(),
                items.size(), contents.format(), skipped.size(), plan.size(), settings.seeds(), settings.run());
        BatchProgress progress = new BatchProgress(out, plan.size());
        List<Outcome> outcomes = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, settings.concurrency()));
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (BenchmarkPlan.Request request : plan) {
                futures.add(pool.submit(() -> {
                    Outcome o = send(request);
                    progress.finished(o.scored());
                    return o;
                }));
            }
            for (Future<Outcome> f : futures) {
                outcomes.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        return new Result(contents, skipped, plan, outcomes, awaitEntries(outcomes));
    }

    /** Null when the image decodes; else why not, with the path as the file gives it. */
    static String imageProblem(Path root, Path image, String role) {
        String shown = root.relativize(image.toAbsolutePath()).toString();
        if (!Files.isRegularFile(image)) {
            return role + " image " + shown + " is missing";
        }
        try {
            BufferedImage decoded = ImageIO.read(image.toFile());
            return decoded == null ? role + " image " + shown + " is not a readable image" : null;
        } catch (IOException | RuntimeException e) {
            return role + " image " + shown + " is unreadable: " + e.getMessage();
        }
    }

    private Outcome send(BenchmarkPlan.Request request) {
        BenchmarkFile.Item item = request.item();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("seed", Long.toString(request.seed()));
        fields.put("steps", Integer.toString(settings.steps()));
        fields.put("benchmarkRun", settings.run());
        fields.put("benchmarkItem", item.id());
        fields.put("benchmarkTask", item.task());
        if (item.category() != null) {
            fields.put("benchmarkCategory", item.category());
        }
        fields.put("benchmarkVariant", request.variant());
        if (!settings.modelTag().isBlank()) {
            fields.put("modelTag", settings.modelTag());
        }
        // the reasoner's explicit instruction is judged against the item's, when the file states one (exact match);
        // without one the scorer measures CLIP-T against the instruction sent and exact match has nothing to compare
        if (item.explicitInstruction() != null) {
            fields.put("targetText", item.explicitInstruction());
        }
        try {
            byte[] source = Files.readAllBytes(item.input());
            byte[] reference = item.target() == null ? null : Files.readAllBytes(item.target());
            EditClient.Submission s = client.submit(source, item.input().getFileName().toString(), request.instruction(), fields, reference);
            if (!s.accepted()) {
                return new Outcome(request, null, null, "refused by the gateway (" + s.status() + "): " + s.body().getString("reason"));
            }
            JsonObject status = client.awaitTerminal(s.id(), settings.timeout(), st -> { });
            if ("SCORED".equals(status.getString("state"))) {
                return new Outcome(request, s.id(), status, null);
            }
            JsonObject failure = status.getJsonObject("failure", new JsonObject());
            return new Outcome(request, s.id(), status, "failed at " + failure.getString("stage", "?") + ": " + failure.getString("reason", "?"));
        } catch (IOException e) {
            return new Outcome(request, null, null, "not completed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(request, null, null, "interrupted");
        }
    }

    /** The run's entries from the gateway's benchmark view, once it holds every scored request (or after a minute). */
    private List<JsonObject> awaitEntries(List<Outcome> outcomes) throws IOException, InterruptedException {
        Set<String> wanted = new HashSet<>();
        outcomes.stream().filter(Outcome::scored).forEach(o -> wanted.add(o.requestId()));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<JsonObject> entries = List.of();
        while (System.nanoTime() < deadline) {
            entries = items();
            Set<String> have = new HashSet<>();
            entries.forEach(e -> {
                if (e.containsKey("item")) {
                    have.add(e.getString("requestId"));
                }
            });
            if (have.containsAll(wanted)) {
                return entries;
            }
            Thread.sleep(200);
        }
        throw new IOException("the gateway's benchmark view holds " + entries.size() + " of " + wanted.size()
                + " scored requests of run " + settings.run() + " after 60 s");
    }

    private List<JsonObject> items() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base() + "/v1/benchmarks/" + settings.run() + "/items"))
                .timeout(Duration.ofSeconds(30)).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        // the view trails the status by a moment, and answers 404 while it holds none of the run (or is
        // rebalancing): not yet, so the caller polls on until its deadline
        if (response.statusCode() == 404 || response.statusCode() == 503) {
            return List.of();
        }
        if (response.statusCode() != 200) {
            throw new IOException("GET benchmark items answered " + response.statusCode() + ": " + response.body());
        }
        JsonArray array = new JsonObject(response.body()).getJsonArray("items", new JsonArray());
        List<JsonObject> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            out.add(array.getJsonObject(i));
        }
        return out;
    }

    /** The edited image of a scored request. */
    byte[] output(String requestId) throws IOException, InterruptedException {
        return client.image(requestId, "image");
    }

    private String base() {
        String url = settings.gatewayUrl();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
