package io.editstream.benchmark;

import io.editstream.kafka.StreamsApp;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the benchmark topology as its own Streams application (the gateway names it {@code <status app id>-benchmarks})
 * and answers a run's entries from the local store. An idempotent fold read with {@code read_committed}; with several
 * gateway replicas each holds only its partitions' entries.
 */
public final class BenchmarkView implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BenchmarkView.class);

    private final StreamsApp app;

    /** {@code props} hold the application id and the view settings; {@code stateDir} null = a temporary folder. */
    public BenchmarkView(Properties props, Path stateDir) {
        this.app = new StreamsApp("benchmark view", BenchmarkTopology.build(), props, stateDir);
    }

    /** Starts the view and waits until it serves queries. */
    public BenchmarkView start(Duration timeout) throws InterruptedException {
        app.start(timeout);
        return this;
    }

    public boolean running() {
        return app.running();
    }

    /** Every entry of the run, or an empty list when the run is unknown (or the view is rebalancing). */
    public List<JsonObject> entries(String run) {
        List<JsonObject> out = new ArrayList<>();
        try {
            ReadOnlyKeyValueStore<String, String> store = app.store(BenchmarkTopology.STORE, QueryableStoreTypes.keyValueStore());
            try (var it = store.prefixScan(run + "/", new StringSerializer())) {
                it.forEachRemaining(kv -> out.add(new JsonObject(kv.value)));
            }
        } catch (InvalidStateStoreException e) {
            LOG.debug("benchmark store not queryable now: {}", e.getMessage());
        }
        return out;
    }

    @Override
    public void close() {
        app.close();
    }
}
