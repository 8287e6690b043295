package io.editstream.enhancer;

import io.editstream.kafka.RetryingHandler;
import io.editstream.kafka.Topics;
import io.editstream.tracing.Tracing;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The enhancer's Kafka Streams application: guidance and cues (co-partitioned, keyed by request id) flow
 * into one join processor that keeps each side's pending halves in a persistent store, and out to the
 * conditioning topic, the enhancer's failed-status topic and its dead-letter topic. Values are read as raw
 * bytes and decoded by the processor, which dead-letters what it cannot decode.
 */
public final class EnhancerTopology {
    static final String GUIDANCE_SOURCE = "guidance-source";
    static final String CUES_SOURCE = "cues-source";
    static final String JOIN = "join";
    static final String OUTPUT = "conditioning-sink";
    static final String FAILED = "failed-sink";
    static final String DEAD_LETTER = "dlq-sink";
    static final String GUIDANCE_STORE = "pending-guidance";
    static final String CUES_STORE = "pending-cues";
    static final String FINISHED_STORE = "finished-requests";

    private EnhancerTopology() {
    }

    /** The topology; pure, so tests run exactly what production runs. */
    public static Topology build(EnhancerConfig config, Fuser fuser) {
        return build(config, fuser, Tracing.local(EnhancerEvents.STAGE));
    }

    /** The same, with the service's tracer. */
    public static Topology build(EnhancerConfig config, Fuser fuser, Tracing tracing) {
        Topology topology = new Topology();
        topology.addSource(GUIDANCE_SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                Topics.GUIDANCE_PRODUCED.name());
        topology.addSource(CUES_SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                Topics.CUES_EXTRACTED.name());
        topology.addProcessor(JOIN, () -> new JoinProcessor(fuser,
                new RetryingHandler(EnhancerEvents.STAGE, config.fusionAttempts(), config.fusionBackoff()),
                config.joinWindow(), config.sweepInterval(), tracing), GUIDANCE_SOURCE, CUES_SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(GUIDANCE_STORE),
                Serdes.String(), PendingHalf.serde(Topics.GUIDANCE_PRODUCED)), JOIN);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CUES_STORE),
                Serdes.String(), PendingHalf.serde(Topics.CUES_EXTRACTED)), JOIN);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(FINISHED_STORE),
                Serdes.String(), Serdes.Long()), JOIN);
        topology.addSink(OUTPUT, Topics.CONDITIONING_PRODUCED.name(), Serdes.String().serializer(),
                Topics.CONDITIONING_PRODUCED.serde(), JOIN);
        topology.addSink(FAILED, Topics.failed(EnhancerEvents.STAGE).name(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer(), JOIN);
        topology.addSink(DEAD_LETTER, Topics.deadLetter(EnhancerEvents.STAGE), Serdes.String().serializer(),
                Serdes.ByteArray().serializer(), JOIN);
        return topology;
    }

    /** The Streams settings that go with the topology: exactly-once, id and state dir. */
    public static Properties streamsProperties(EnhancerConfig config) {
        Properties props = config.stage().kafka().base();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, Short.toString(config.stage().replication()));
        if (!config.stage().instanceId().isEmpty()) {
            // a static member: a restarted replica takes its tasks back without a rebalance of the others
            props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, config.stage().instanceId());
        }
        // under exactly-once, output is visible only when its transaction commits: the default 100 ms
        // interval would be most of the enhancer's latency, so commit every 20 ms while records flow
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "20");
        // and come back from an idle poll soon enough to make that commit (the default 100 ms poll would delay it)
        props.put(StreamsConfig.POLL_MS_CONFIG, "5");
        props.put("processing.exception.handler.global.enabled", "true");
        // the join is by wall clock, not stream time: never hold a record back to wait for the other input
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "-1");
        return props;
    }
}
