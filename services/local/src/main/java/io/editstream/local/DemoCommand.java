package io.editstream.local;

import io.editstream.client.EditClient;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The main job: bring the stack up on embedded infrastructure and the bundled models, push sample
 * edits (or the user's own image) through the HTTP API end to end, save the images and a report.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run sample edits end to end on embedded Kafka, S3 and the bundled models; save results and a report.",
            "Everything starts in this JVM; edits go through the HTTP API like any client's."})
public final class DemoCommand implements Callable<Integer> {
    @Mixin
    StackMixin stack;

    @Option(names = "--image", description = "Your own image (PNG or JPEG) instead of the samples.")
    Path image;

    @Option(names = "--instruction", description = "Instruction for --image, e.g. \"what if the ball rolled off the table?\"")
    String instruction;

    @Mixin
    SamplingOptions sampling;

    @Option(names = "--timeout", defaultValue = "300", description = "Seconds to wait per edit (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--keep-running", description = "Keep serving the gateway after the demo (Ctrl-C stops).")
    boolean keepRunning;

    @Override
    public Integer call() throws Exception {
        List<Samples.Sample> requests = requests();
        try (LocalStack running = LocalStack.start(stack.options())) {
            EditClient client = new EditClient(running.gatewayUrl());
            Path outDir = running.dataDir().resolve("demo");
            List<DemoReport.Row> rows = new ArrayList<>();
            int failures = 0;
            System.out.println();
            System.out.println("Broker and S3 settings for other programs: " + running.connectionFile());
            for (Samples.Sample sample : requests) {
                Map<String, String> fields = sampling.fields(sample.noChangeInstruction());
                byte[] source = Files.readAllBytes(sample.image());
                byte[] target = sample.target() == null ? null : Files.readAllBytes(sample.target());
                EditClient.Submission submitted = client.submit(source, sample.image().getFileName().toString(),
                        sample.instruction(), fields, target);
                if (!submitted.accepted()) {
                    System.out.println("rejected (" + submitted.status() + "): " + submitted.body().encode());
                    failures++;
                    continue;
                }
                String id = submitted.id();
                System.out.println("\"" + sample.instruction() + "\"  →  " + id);
                ProgressLine progress = new ProgressLine(System.out, "  ");
                JsonObject status = client.awaitTerminal(id, Duration.ofSeconds(timeoutSeconds), progress::update);
                byte[] edited = null;
                if ("SCORED".equals(status.getString("state"))) {
                    edited = client.image(id, "image");
                    Path dir = Files.createDirectories(outDir.resolve(id));
                    Files.write(dir.resolve("source.png"), client.image(id, "source"));
                    Files.write(dir.resolve("edited.png"), edited);
                    Files.writeString(dir.resolve("status.json"), status.encodePrettily());
                    if (target != null) {
                        Files.write(dir.resolve("target.png"), target);
                    }
                    printResult(status, sample, dir, running.gatewayUrl() + "/v1/edits/" + id);
                } else {
                    failures++;
                    System.out.println("  failed: " + status.getValue("failure"));
                }
                rows.add(new DemoReport.Row(id, sample.instruction(), sample.explicitInstruction(), status, source, target, edited));
            }
            Path report = DemoReport.write(outDir.resolve("report.html"), rows);
            System.out.println();
            System.out.println((requests.size() - failures) + " of " + requests.size() + " edits completed. Report: " + report);
            if (rows.stream().anyMatch(r -> r.status().encode().contains("fixture@"))) {
                System.out.println("Note: the bundled models are fixtures (right signatures, random weights), so the edited"
                        + " images and explicit instructions are not meaningful yet.");
            }
            if (keepRunning) {
                System.out.println("Serving at " + running.gatewayUrl() + "/ — Ctrl-C stops.");
                ServeCommand.printConnection(running);
                Thread.currentThread().join();
            }
            return failures == 0 ? 0 : 1;
        }
    }

    private List<Samples.Sample> requests() throws Exception {
        if (image != null || instruction != null) {
            if (image == null || instruction == null) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                        "--image and --instruction go together");
            }
            return List.of(new Samples.Sample(image, instruction, null));
        }
        return Samples.load(Samples.locate());
    }

    private static void printResult(JsonObject status, Samples.Sample sample, Path dir, String link) {
        System.out.println("  reasoning: " + status.getValue("reasoningType") + " → \"" + status.getValue("explicitInstruction") + "\"");
        if (sample.explicitInstruction() != null) {
            boolean same = sample.explicitInstruction().equals(status.getString("explicitInstruction"));
            System.out.println("  expected:  " + (same ? "(the same)" : "\"" + sample.explicitInstruction() + "\""));
        }
        JsonObject scores = status.getJsonObject("scores", new JsonObject());
        JsonObject baseline = status.getJsonObject("copyBaseline", new JsonObject());
        StringBuilder line = new StringBuilder("  scores (output | copy baseline):");
        for (String name : new java.util.TreeSet<>(scores.fieldNames())) {
            line.append(' ').append(name).append('=').append(DemoReport.format(scores.getValue(name)));
            if (baseline.containsKey(name)) {
                line.append('|').append(DemoReport.format(baseline.getValue(name)));
            }
        }
        System.out.println(line);
        System.out.println("  result: " + status.getValue("output") + "  saved to " + dir.resolve("edited.png") + "  status " + link);
    }
}
