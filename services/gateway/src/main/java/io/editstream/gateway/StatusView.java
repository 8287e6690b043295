package io.editstream.gateway;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Runs the status topology and answers status queries from its local store. With several gateway
 * replicas each would hold only its partitions' statuses; a single replica (the default) holds all.
 */
public final class StatusView implements AutoCloseable {
    private final KafkaStreams streams;

    public StatusView(GatewayConfig config) {
        Properties props = config.kafka().base();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.streamsApplicationId());
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.streamsStateDir().toString());
        props.put(StreamsConfig.consumerPrefix("isolation.level"), "read_committed");
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, "0");
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, Short.toString(config.replication()));
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
    }
}
