package io.editstream.benchmark;

import io.editstream.kafka.Topics;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
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
 * The benchmark aggregation: scored edits that carry a {@code BenchmarkTag} and human ratings, re-keyed
 * from request id to {@code run/requestId} (one repartition) and folded into one entry per request in the
 * queryable store {@value #STORE}. A run's report is a prefix scan over {@code run/} summarised by
 * {@link BenchmarkSummary}, so entries stay small however large the run. Unreadable records are skipped
 * (their writers dead-letter them); untagged edits are not benchmark items and pass by.
 */
public final class BenchmarkTopology {
    public static final String STORE = "benchmark-entries";
    private static final Logger LOG = LoggerFactory.getLogger(BenchmarkTopology.class);

    private BenchmarkTopology() {
    }

    public static Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        var scoredSerde = Topics.EDIT_SCORED.serde();
        var ratingSerde = Topics.RATING_SUBMITTED.serde();
        KStream<String, String> scored = builder
                .stream(Topics.EDIT_SCORED.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .flatMap((id, bytes) -> rekey(() -> BenchmarkEntries.delta(scoredSerde.decode(bytes)), Topics.EDIT_SCORED.name()));
        KStream<String, String> ratings = builder
                .stream(Topics.RATING_SUBMITTED.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .flatMap((id, bytes) -> rekey(() -> BenchmarkEntries.delta(ratingSerde.decode(bytes)), Topics.RATING_SUBMITTED.name()));
        scored.merge(ratings)
                .groupByKey(Grouped.with("benchmark-by-run", Serdes.String(), Serdes.String()))
                .aggregate(() -> "",
                        (key, delta, entry) -> BenchmarkEntries.apply(entry.isEmpty() ? null : new JsonObject(entry),
                                new JsonObject(delta)).encode(),
                        Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as(STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(Serdes.String()));
        return builder.build();
    }

    private static List<KeyValue<String, String>> rekey(Supplier<JsonObject> delta, String topic) {
        try {
            JsonObject d = delta.get();
            return d == null ? List.of()
                    : List.of(KeyValue.pair(BenchmarkEntries.key(d.getString("run"), d.getString("requestId")), d.encode()));
        } catch (RuntimeException e) {
            LOG.warn("benchmark view skips an unreadable record on {}: {}", topic, e.getMessage());
            return List.of();
        }
    }
}
