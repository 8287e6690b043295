package io.editstream.gateway;

import io.editstream.service.ServiceHttp;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the gateway alone, configured by its defaults file, EDITSTREAM_CONFIG and environment variables.
 * On SIGTERM (a pod being stopped) Vert.x is closed so the status view, the producer and the S3 client
 * shut down cleanly instead of being cut off.
 */
public final class GatewayMain {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayMain.class);

    private GatewayMain() {
    }

    public static void main(String[] args) {
        System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "io.editstream.events");
        Vertx vertx = ServiceHttp.newVertx();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("gateway did not stop cleanly: {}", e.toString());
            }
        }, "gateway-shutdown"));
        vertx.deployVerticle(new GatewayVerticle())
                .onFailure(e -> {
                    LOG.error("gateway failed to start: {}", e.getMessage(), e);
                    // exit off the event loop, so the shutdown hook can still close Vert.x
                    new Thread(() -> System.exit(1), "gateway-exit").start();
                });
    }
}
