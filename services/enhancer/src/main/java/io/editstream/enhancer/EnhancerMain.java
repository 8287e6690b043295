package io.editstream.enhancer;

import io.editstream.service.ServiceHttp;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the enhancer as its own process: one Vert.x instance with Prometheus metrics and one
 * {@link EnhancerVerticle}; configuration comes from the defaults file, {@code $EDITSTREAM_CONFIG} and the
 * environment. A failed start exits non-zero so the orchestrator restarts the pod; SIGTERM undeploys
 * cleanly, so Kafka Streams commits its open transaction and checkpoints its stores before the process ends.
 */
public final class EnhancerMain {
    private static final Logger LOG = LoggerFactory.getLogger(EnhancerMain.class);

    private EnhancerMain() {
    }

    public static void main(String[] args) {
        if (System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES") == null) {
            System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "io.editstream.events");
        }
        Vertx vertx = ServiceHttp.newVertx();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close().await(), "enhancer-shutdown"));
        vertx.deployVerticle(new EnhancerVerticle())
                .onFailure(e -> {
                    LOG.error("enhancer did not start", e);
                    // exit off the event loop: the shutdown hook closes Vert.x and waits for it
                    new Thread(() -> System.exit(1), "enhancer-exit").start();
                });
    }
}
