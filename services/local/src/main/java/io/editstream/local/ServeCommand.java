package io.editstream.local;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Brings the whole stack up and serves the gateway until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Start the embedded broker, S3 endpoint and all six services; serve the gateway until Ctrl-C.",
            "Everything is kept under --data-dir: started again on it (also after a crash), every request resumes.",
            "The broker and S3 settings are written to <data-dir>/connection.env for other programs."})
public final class ServeCommand implements java.util.concurrent.Callable<Integer> {
    @Mixin
    StackMixin stack;

    @Option(names = "--api-keys", description = "A keys file (editstream keys add): callers then need an API key, and each"
            + " sees only its tenant's edits. Without it the gateway is open to anyone who reaches the port.")
    Path apiKeys;

    @Override
    public Integer call() throws Exception {
        StackOptions options = stack.options();
        if (apiKeys != null) {
            if (!Files.isRegularFile(apiKeys)) {
                throw new IllegalArgumentException("no keys file " + apiKeys + ": create it with `editstream keys add --tenant T --file "
                        + apiKeys + "`");
            }
            options = options.withStageConfig(new JsonObject().put("auth", new JsonObject().put("mode", "api-key")
                    .put("keysFile", apiKeys.toAbsolutePath().toString())));
        }
        LocalStack running = LocalStack.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close();
            stopped.countDown();
        }, "editstream-shutdown"));
        System.out.println();
        System.out.println("EditStream is serving at " + running.gatewayUrl() + "/  (Ctrl-C stops it)");
        System.out.println("  submit:  curl -F image=@photo.png -F 'instruction=what if the glass fell?' "
                + running.gatewayUrl() + "/v1/edits");
        printConnection(running);
        System.out.println(apiKeys != null ? "  callers need an API key from " + apiKeys + " (Authorization: Bearer <key>)"
                : "  OPEN: no authentication, anyone who reaches the port can submit and read every edit (--api-keys FILE closes it)");
        stopped.await();
        return 0;
    }

    /** The connection.env the stack wrote, for programs that publish to Kafka and read S3 directly. */
    static void printConnection(LocalStack running) throws java.io.IOException {
        System.out.println("  kafka and s3 (for clients: set -a; . " + running.connectionFile() + "; set +a):");
        for (String line : Files.readAllLines(running.connectionFile())) {
            if (!line.startsWith("#") && !line.isBlank()) {
                System.out.println("    " + line);
            }
        }
    }
}
