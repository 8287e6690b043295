package io.editstream.gateway;

import io.editstream.events.EditStatus;
import io.editstream.kafka.AvroSerde;
import io.editstream.kafka.Topic;
import io.editstream.kafka.Topics;
import io.editstream.tracing.Tracing;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's status view: every pipeline event and every stage's failure, folded per request id into one
 * {@link EditStatus} (Avro, single-object encoding) in the queryable store {@value #STORE}; each new status is then
 * handed to a listener (the server-sent-event followers), so changes are pushed, never polled. A record the view
 * cannot decode is skipped (the owning stage dead-letters it); the view never stops for it.
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

    /** {@code onChange} is called on a stream thread with every status this instance folds, after it is stored. */
    public static Topology build(BiConsumer<String, EditStatus> onChange) {
        AvroSerde<EditStatus> statusSerde = new AvroSerde<>(EditStatus.class);
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, EditStatus> deltas = null;
        for (Topic<?> topic : inputs()) {
            KStream<String, EditStatus> stream = builder
                    .stream(topic.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
                    .processValues(() -> new Deltas(topic))
                    .filter((key, delta) -> key != null && delta != null);
            deltas = deltas == null ? stream : deltas.merge(stream);
        }
        deltas.groupByKey(Grouped.with(Serdes.String(), statusSerde))
                .aggregate(() -> null, (id, delta, status) -> StatusFolder.apply(id, status, delta),
                        Materialized.<String, EditStatus, KeyValueStore<Bytes, byte[]>>as(STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(statusSerde))
                .toStream()
                .foreach(onChange::accept);
        return builder.build();
    }

    /** Each record's delta; the request's trace id comes with its EditRequested (the gateway's traceparent header). */
    private static final class Deltas implements FixedKeyProcessor<String, byte[], EditStatus> {
        private final Topic<?> topic;
        private FixedKeyProcessorContext<String, EditStatus> context;

        Deltas(Topic<?> topic) {
            this.topic = topic;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, EditStatus> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, byte[]> record) {
            EditStatus delta = toDelta(topic, record.value());
            if (delta != null && topic == Topics.EDIT_REQUESTED) {
                delta.setTraceId(Tracing.traceId(record.headers(), record.key()));
            }
            context.forward(record.withValue(delta));
        }
    }

    private static EditStatus toDelta(Topic<?> topic, byte[] bytes) {
        try {
            return StatusFolder.delta(topic.serde().decode(bytes));
        } catch (RuntimeException e) {
            LOG.warn("status view skips an unreadable record on {}: {}", topic.name(), e.getMessage());
            return null;
        }
    }
}
