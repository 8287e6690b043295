package io.editstream.enhancer;

import io.editstream.kafka.Topics;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The enhancer's Kafka Streams topology: guidance and cues (co-partitioned by request id) into one
 * join processor with persistent stores of pending halves, out to the conditioning topic, the
 * enhancer's failed-status topic and its dead-letter topic.
 */
public final class EnhancerTopology {
    static final String OUTPUT = "conditioning-sink";
    static final String FAILED = "failed-sink";
    static final String DEAD_LETTER = "dlq-sink";
    private static final String JOIN = "join";

    private EnhancerTopology() {
    }

    public static Topology build(Fuser fuser, Duration window) {
        Topology topology = new Topology();
        topology.addSource("guidance", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                Topics.GUIDANCE_PRODUCED.name());
        topology.addSource("cues", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                Topics.CUES_EXTRACTED.name());
        topology.addProcessor(JOIN, () -> new JoinProcessor(fuser, window), "guidance", "cues");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(JoinProcessor.GUIDANCE_STORE),
                Serdes.String(), Serdes.ByteArray()), JOIN);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(JoinProcessor.CUES_STORE),
                Serdes.String(), Serdes.ByteArray()), JOIN);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(JoinProcessor.DONE_STORE),
                Serdes.String(), Serdes.Long()), JOIN);
        topology.addSink(OUTPUT, Topics.CONDITIONING_PRODUCED.name(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer(), JOIN);
        topology.addSink(FAILED, Topics.failed(Topics.ENHANCER).name(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer(), JOIN);
        topology.addSink(DEAD_LETTER, Topics.deadLetter(Topics.ENHANCER), Serdes.String().serializer(),
                Serdes.ByteArray().serializer(), JOIN);
        return topology;
    }
}
