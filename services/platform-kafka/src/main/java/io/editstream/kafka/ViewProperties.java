package io.editstream.kafka;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Streams settings of a read view (the gateway's status and benchmark views): an idempotent fold of committed
 * events only ({@code read_committed}, at-least-once), committed every 100 ms with no record cache, so a query or a
 * follower sees each event as soon as it is folded.
 */
public final class ViewProperties {
    private ViewProperties() {
    }

    public static Properties of(KafkaSettings kafka, String applicationId, short replication) {
        return of(kafka, applicationId, replication, "");
    }

    /**
     * With an {@code instanceId} (a replica's stable name, {@code KAFKA_INSTANCE_ID}), the view is a static member of
     * its group: a replica restarted after kill -9 takes its partitions back at once, instead of the whole group
     * waiting out its predecessor's session (45 s) in REBALANCING.
     */
    public static Properties of(KafkaSettings kafka, String applicationId, short replication, String instanceId) {
        Properties props = kafka.base();
        if (instanceId != null && !instanceId.isBlank()) {
            props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId.trim());   // Streams gives each thread's consumer its own suffix
        }
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        // only committed stage outputs count: an aborted transaction's event must never show in a view
        props.put(StreamsConfig.consumerPrefix("isolation.level"), "read_committed");
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
        // the folds do not depend on the order across topics, so a task never waits for an input partition that
        // looks behind (under read_committed, one with an open transaction): it folds what it has at once
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "-1");
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, "0");
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, Short.toString(replication));
        props.put("processing.exception.handler.global.enabled", "true");   // the Kafka 5 default, and quiet now
        return props;
    }
}
