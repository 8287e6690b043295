package io.editstream.local;

import io.editstream.client.EditClient;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Submits one edit to a running gateway and waits for it, showing progress. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Submit an image and an instruction to a running gateway, wait, and save the result.")
public final class SubmitCommand implements Callable<Integer> {
    @Option(names = "--api-key", defaultValue = "${env:EDITSTREAM_API_KEY}",
            description = "API key (or JWT) for a gateway that needs one (default: $EDITSTREAM_API_KEY).")
    String apiKey;

    @Option(names = "--url", defaultValue = "http://localhost:8080", description = "Gateway URL (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--image", required = true, description = "PNG or JPEG image to edit.")
    Path image;

    @Option(names = "--instruction", required = true, description = "What to do, explicitly or hypothetically.")
    String instruction;

    @Option(names = "--no-change-instruction", description = "An instruction already true of the image (enables DiscEdit).")
    String noChange;

    @Mixin
    SamplingOptions sampling;

    @Option(names = "--out", defaultValue = "edited.png", description = "Where to save the edited image (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        EditClient client = new EditClient(url, apiKey);
        Map<String, String> fields = sampling.fields(noChange);
        EditClient.Submission submitted = client.submit(Files.readAllBytes(image), image.getFileName().toString(), instruction, fields);
        if (!submitted.accepted()) {
            System.err.println("rejected (" + submitted.status() + "): " + submitted.body().encode());
            return 2;
        }
        System.out.println("accepted: " + submitted.id());
        JsonObject status = client.awaitTerminal(submitted.id(), Duration.ofMinutes(10), new ProgressLine(System.out, " ")::update);
        System.out.println(status.encodePrettily());
        if (!"SCORED".equals(status.getString("state"))) {
            return 1;
        }
        Files.write(out, client.image(submitted.id(), "image"));
        System.out.println("saved " + out.toAbsolutePath());
        return 0;
    }
}
