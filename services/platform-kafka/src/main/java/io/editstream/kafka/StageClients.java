package io.editstream.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Client settings of a stage loop. Defaults first, then the service's extra properties, then the settings
 * exactly-once depends on, which nothing may override: read_committed, no auto-commit, idempotence with
 * acks=all, a transactional id unique to this member (see {@link #newTransactionalId}), raw byte (de)serializers
 * so a bad value is the loop's to dead-letter rather than a poll-time crash.
 */
public final class StageClients {
    /** Records per poll: small, because each may mean seconds of model inference. */
    public static final int MAX_POLL_RECORDS = 16;

    private StageClients() {
    }

    public static Map<String, Object> consumer(StageLoopConfig cfg, String instanceId) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        // replicas joining or leaving move only the partitions that must move; the others keep consuming
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        props.putAll(cfg.kafka().baseMap());
        if (!cfg.instanceId().isEmpty()) {
            props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, cfg.instanceId());
        }
        props.put(ConsumerConfig.GROUP_ID_CONFIG, cfg.groupId());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, cfg.service() + "-consumer-" + instanceId);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, cfg.maxPollInterval().toMillis()));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }

    public static Map<String, Object> producer(StageLoopConfig cfg, String transactionalId) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // a transaction holds one commit's sends (the model work is done before it begins), so a short timeout is
        // plenty; it bounds how long a dead producer's open transaction holds read_committed consumers back
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 15_000);
        props.putAll(cfg.kafka().baseMap());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return props;
    }

    /**
     * The producer's transactional id: {@code <groupId>-<instanceId>} for a static member, so its successor fences
     * it; otherwise a fresh random one per producer, so a replaced producer never fences a live one.
     */
    public static String newTransactionalId(StageLoopConfig cfg) {
        return cfg.groupId() + "-" + (cfg.instanceId().isEmpty() ? UUID.randomUUID().toString() : cfg.instanceId());
    }
}
