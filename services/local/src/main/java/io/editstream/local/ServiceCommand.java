package io.editstream.local;

import io.editstream.service.ServiceHttp;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Runs one service alone against an external broker and S3 endpoint, configured as in a pod: its
 * defaults file, then the file named by EDITSTREAM_CONFIG, then environment variables.
 */
@Command(name = "service", mixinStandardHelpOptions = true,
        description = {"Run one service alone against an external Kafka and S3 (as in a pod).",
            "Configured by environment: KAFKA_BOOTSTRAP, S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY, S3_BUCKET, HTTP_PORT, MODEL_BUNDLE,",
            "MODEL_DEVICE (auto|cpu|cuda), EDITSTREAM_CONFIG (a JSON file).",
            "--connection reads the broker and S3 settings from a connection.env written by 'editstream infra' (or serve)."})
public final class ServiceCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SERVICE", description = "reasoner, cue-extractor, enhancer, diffusion-renderer, scorer or gateway")
    String service;

    @Option(names = "--connection", paramLabel = "FILE",
            description = "A connection.env (from 'editstream infra' or 'serve') for whichever of KAFKA_BOOTSTRAP and S3_* the environment does not set.")
    Path connection;

    /** connection.env names → config paths, as the service's own environment mapping reads them. */
    private static final Map<String, List<String>> CONNECTION_KEYS = Map.of(
            "KAFKA_BOOTSTRAP", List.of("kafka", "bootstrap"),
            "S3_ENDPOINT", List.of("s3", "endpoint"),
            "S3_ACCESS_KEY", List.of("s3", "accessKey"),
            "S3_SECRET_KEY", List.of("s3", "secretKey"),
            "S3_BUCKET", List.of("s3", "bucket"),
            "S3_REGION", List.of("s3", "region"));

    @Override
    public Integer call() throws Exception {
        Stage stage = Stage.of(service);
        Vertx vertx = ServiceHttp.newVertx();
        JsonObject config = connection == null ? new JsonObject() : fromConnectionFile(connection, System.getenv());
        vertx.deployVerticle(stage.newVerticle(), new DeploymentOptions().setConfig(config))
                .toCompletionStage().toCompletableFuture().get();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get();
            } catch (Exception e) {
                System.err.println("shutdown: " + e);
            }
            stopped.countDown();
        }, "editstream-shutdown"));
        stopped.await();
        return 0;
    }

    /** The file's settings as deployment config, leaving out those the environment sets (the environment wins). */
    static JsonObject fromConnectionFile(Path file, Map<String, String> env) throws IOException {
        JsonObject config = new JsonObject();
        ConnectionFile.read(file).forEach((name, value) -> {
            List<String> path = CONNECTION_KEYS.get(name);
            String fromEnv = env.get(name);
            if (path != null && (fromEnv == null || fromEnv.isBlank())) {
                JsonObject parent = config;
                for (String key : path.subList(0, path.size() - 1)) {
                    if (!parent.containsKey(key)) {
                        parent.put(key, new JsonObject());
                    }
                    parent = parent.getJsonObject(key);
                }
                parent.put(path.get(path.size() - 1), value);
            }
        });
        return config;
    }
}
