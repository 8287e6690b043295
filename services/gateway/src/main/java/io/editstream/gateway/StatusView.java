package io.editstream.gateway;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the status topology and answers status queries from its local store. With several gateway
 * replicas each would hold only its partitions' statuses; a single replica (the default) holds all.
 */
public final class StatusView implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatusView.class);

    private final KafkaStreams streams;
    private final Path tempStateDir;

    public StatusView(GatewayConfig config) throws IOException {
        tempStateDir = config.streamsStateDir() == null ? Files.createTempDirectory("gateway-streams") : null;
        Path stateDir = tempStateDir != null ? tempStateDir : config.streamsStateDir();
        Properties props = config.kafka().base();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.streamsApplicationId());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // only committed stage outputs count: an aborted transaction's event must never show in a status
        props.put(StreamsConfig.consumerPrefix("isolation.level"), "read_committed");
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, "0");
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, Short.toString(config.replication()));
        props.put("processing.exception.handler.global.enabled", "true");   // the Kafka 5 default, and quiet now
        this.streams = new KafkaStreams(StatusTopology.build(), props);
    }

    /** Starts the view and waits until it serves queries. */
    public void start(Duration timeout) throws InterruptedException {
        streams.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || !streams.state().isRunningOrRebalancing() && streams.state() != KafkaStreams.State.CREATED) {
                throw new IllegalStateException("status view did not start within " + timeout.toSeconds() + " s (state "
                        + streams.state() + ")");
            }
            Thread.sleep(20);
        }
    }

    public boolean running() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    /** The status document, or null when the request is unknown (or the view is rebalancing). */
    public JsonObject get(String id) {
        try {
            ReadOnlyKeyValueStore<String, String> store = streams.store(
                    StoreQueryParameters.fromNameAndType(StatusTopology.STORE, QueryableStoreTypes.keyValueStore()));
            String json = store.get(id);
            return json == null || json.isEmpty() ? null : new JsonObject(json);
        } catch (InvalidStateStoreException e) {
            return null;
        }
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(10));
        if (tempStateDir != null) {
            deleteTree(tempStateDir);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("cannot remove the status view's temporary state {}: {}", dir, e.toString());
        }
    }
}
