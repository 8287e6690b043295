package io.editstream.gateway.benchmark;

import io.editstream.gateway.GatewayConfig;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the benchmark topology as its own Streams application ({@code <status app id>-benchmarks}) and
 * answers a run's entries from the local store. Like the status view it is an idempotent fold read with
 * {@code read_committed}; with several gateway replicas each would hold only its partitions' runs.
 */
public final class BenchmarkView implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BenchmarkView.class);

    private final KafkaStreams streams;
    private final Path tempStateDir;

    public BenchmarkView(GatewayConfig config) throws IOException {
        tempStateDir = config.streamsStateDir() == null ? Files.createTempDirectory("gateway-benchmarks") : null;
        Path stateDir = tempStateDir != null ? tempStateDir : config.streamsStateDir();
        Properties props = config.kafka().base();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.streamsApplicationId() + "-benchmarks");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.consumerPrefix("isolation.level"), "read_committed");
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, "0");
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, Short.toString(config.replication()));
        props.put("processing.exception.handler.global.enabled", "true");
        this.streams = new KafkaStreams(BenchmarkTopology.build(), props);
    }

    public void start(Duration timeout) throws InterruptedException {
        streams.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || !streams.state().isRunningOrRebalancing() && streams.state() != KafkaStreams.State.CREATED) {
                throw new IllegalStateException("benchmark view did not start within " + timeout.toSeconds() + " s (state "
                        + streams.state() + ")");
            }
            Thread.sleep(20);
        }
    }

    public boolean running() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    /** Every entry of the run, or an empty list when the run is unknown (or the view is rebalancing). */
    public List<JsonObject> entries(String run) {
        List<JsonObject> out = new ArrayList<>();
        try {
            ReadOnlyKeyValueStore<String, String> store = streams.store(
                    StoreQueryParameters.fromNameAndType(BenchmarkTopology.STORE, QueryableStoreTypes.keyValueStore()));
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
        streams.close(Duration.ofSeconds(10));
        if (tempStateDir != null) {
            try (Stream<Path> paths = Files.walk(tempStateDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                LOG.warn("cannot remove the benchmark view's temporary state {}: {}", tempStateDir, e.toString());
            }
        }
    }
}
