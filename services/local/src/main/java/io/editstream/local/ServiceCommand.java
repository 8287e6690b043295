package io.editstream.local;

import io.editstream.service.ServiceHttp;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Runs one service alone against an external broker and S3 endpoint, configured as in a pod: its
 * defaults file, then the file named by EDITSTREAM_CONFIG, then environment variables.
 */
@Command(name = "service", mixinStandardHelpOptions = true,
        description = {"Run one service alone against an external Kafka and S3 (as in a pod).",
            "Configured by environment: KAFKA_BOOTSTRAP, S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY, S3_BUCKET, HTTP_PORT, MODEL_BUNDLE,",
            "MODEL_DEVICE (auto|cpu|cuda), EDITSTREAM_CONFIG (a JSON file)."})
public final class ServiceCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SERVICE", description = "reasoner, cue-extractor, enhancer, diffusion-renderer, scorer or gateway")
    String service;

    @Override
    public Integer call() throws Exception {
        Stage stage = Stage.of(service);
        Vertx vertx = ServiceHttp.newVertx();
        vertx.deployVerticle(stage.newVerticle(), new DeploymentOptions())
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
}
