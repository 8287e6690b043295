package io.editstream.gateway;

import io.editstream.events.EditStatus;
import io.editstream.kafka.StreamsApp;
import io.editstream.kafka.ViewProperties;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.function.BiConsumer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Runs the status topology and answers status queries from its local store. With several gateway replicas (one
 * Streams application, each advertising its HTTP address as {@code application.server}) each holds only its
 * partitions' statuses, and {@link #remoteOwner} says which replica holds a request's.
 */
public final class StatusView implements AutoCloseable {
    private final StreamsApp app;
    private final HostInfo self;

    /** {@code self} is this gateway's HTTP address as the other replicas reach it. */
    public StatusView(GatewayConfig config, HostInfo self, BiConsumer<String, EditStatus> onChange) {
        this.self = self;
        Properties props = ViewProperties.of(config.kafka(), config.streamsApplicationId(), config.replication(),
                config.instanceId());
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        this.app = new StreamsApp("status view", StatusTopology.build(onChange), props, config.streamsStateDir());
    }

    /** Starts the view and waits until it serves queries. */
    public StatusView start(Duration timeout) throws InterruptedException {
        app.start(timeout);
        return this;
    }

    public boolean running() {
        return app.running();
    }

    /** The status, or null when this replica does not know the request (or the view is rebalancing). */
    public EditStatus get(String id) {
        try {
            ReadOnlyKeyValueStore<String, EditStatus> store = app.store(StatusTopology.STORE, QueryableStoreTypes.keyValueStore());
            return store.get(id);
        } catch (InvalidStateStoreException e) {
            return null;
        }
    }

    /** The replica that holds {@code id}'s status when it is another one; empty when this one answers (or none is known). */
    public Optional<HostInfo> remoteOwner(String id) {
        try {
            KeyQueryMetadata owner = app.streams().queryMetadataForKey(StatusTopology.STORE, id, Serdes.String().serializer());
            if (owner == null || KeyQueryMetadata.NOT_AVAILABLE.equals(owner) || self.equals(owner.activeHost())) {
                return Optional.empty();
            }
            return Optional.of(owner.activeHost());
        } catch (RuntimeException e) {
            return Optional.empty();   // not started or rebalancing: answer locally
        }
    }

    @Override
    public void close() {
        app.close();
    }
}
