package io.editstream.scorer;

import io.editstream.service.ServiceHttp;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the scorer as its own process: one Vert.x instance with Prometheus metrics and one
 * {@link ScorerVerticle}; configuration comes from the defaults file, {@code $EDITSTREAM_CONFIG} and
 * the environment. A failed start exits non-zero so the orchestrator restarts the pod; SIGTERM undeploys
 * cleanly so the record in hand is committed before the process ends.
 */
public final class ScorerMain {
    private static final Logger LOG = LoggerFactory.getLogger(ScorerMain.class);

    private ScorerMain() {
    }

    public static void main(String[] args) {
        Vertx vertx = ServiceHttp.newVertx();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close().await(), "scorer-shutdown"));
        vertx.deployVerticle(new ScorerVerticle())
                .onFailure(e -> {
                    LOG.error("scorer did not start", e);
                    // exit off the event loop: the shutdown hook closes Vert.x and waits for it
                    new Thread(() -> System.exit(1), "scorer-exit").start();
                });
    }
}
