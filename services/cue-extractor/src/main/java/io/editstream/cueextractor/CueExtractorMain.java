package io.editstream.cueextractor;

import io.editstream.service.ServiceHttp;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the cue extractor as its own process: one Vert.x instance with Prometheus metrics and one
 * {@link CueExtractorVerticle}; configuration comes from the defaults file, {@code $EDITSTREAM_CONFIG} and
 * the environment. A failed start exits non-zero so the orchestrator restarts the pod; SIGTERM undeploys
 * cleanly so the record in hand is committed before the process ends.
 */
public final class CueExtractorMain {
    private static final Logger LOG = LoggerFactory.getLogger(CueExtractorMain.class);

    private CueExtractorMain() {
    }

    public static void main(String[] args) {
        Vertx vertx = ServiceHttp.newVertx();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close().await(), "cue-extractor-shutdown"));
        vertx.deployVerticle(new CueExtractorVerticle())
                .onFailure(e -> {
                    LOG.error("cue-extractor did not start", e);
                    // exit off the event loop: the shutdown hook closes Vert.x and waits for it
                    new Thread(() -> System.exit(1), "cue-extractor-exit").start();
                });
    }
}
