package io.editstream.gateway;

import io.editstream.kafka.Topic;
import io.editstream.kafka.Topics;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's status view: every pipeline event and every stage's failure, folded per request id into
 * one JSON status document in the queryable store {@value #STORE}. A record the view cannot decode is
 * skipped (the owning stage dead-letters it); the view never stops for it.
 */
public final class StatusTopology {
    public static final String STORE = "edit-status";
    private static final Logger LOG = LoggerFactory.getLogger(StatusTopology.class);

    private StatusTopology() {
    }

    /** The topics the view reads. */
    public static List<Topic<?>> inputs() {
        List<Topic<?>> topics = new ArrayList<>(List.of(Topics.EDIT_REQUESTED, Topics.GUIDANCE_PRODUCED,
                Topics.CUES_EXTRACTED, Topics.CONDITIONING_PRODUCED, Topics.IMAGE_RENDERED, Topics.EDIT_SCORED));
        Topics.STAGES.forEach(stage -> topics.add(Topics.failed(stage)));
        return topics;
    }

    public static Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, String> deltas = null;
        for (Topic<?> topic : inputs()) {
            KStream<String, String> stream = builder
                    .stream(topic.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
                    .mapValues(bytes -> toDelta(topic, bytes))
                    .filter((key, delta) -> key != null && delta != null);
            deltas = deltas == null ? stream : deltas.merge(stream);
        }
        deltas.groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
                .aggregate(() -> "",
                        (id, delta, status) -> StatusFolder.apply(id, status.isEmpty() ? null : new JsonObject(status),
                                new JsonObject(delta)).encode(),
                        Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as(STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(Serdes.String()));
        return builder.build();
    }

    private static String toDelta(Topic<?> topic, byte[] bytes) {
        try {
            return StatusFolder.delta(topic.serde().decode(bytes)).encode();
        } catch (RuntimeException e) {
            LOG.warn("status view skips an unreadable record on {}: {}", topic.name(), e.getMessage());
            return null;
        }
    }
}
