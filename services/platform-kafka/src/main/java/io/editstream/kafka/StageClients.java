package io.editstream.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Client settings of a stage loop. Defaults first, then the service's extra properties, then the settings
 * exactly-once depends on, which nothing may override: read_committed, no auto-commit, idempotence with
 * acks=all, a transactional id unique to this instance ({@code <groupId>-<uuid>}), raw byte (de)serializers
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
        props.putAll(cfg.kafka().baseMap());
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
        props.putAll(cfg.kafka().baseMap());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return props;
    }

    /** A fresh transactional id; a new one per producer, so a replaced producer never fences a live one. */
    public static String newTransactionalId(StageLoopConfig cfg) {
        return cfg.groupId() + "-" + UUID.randomUUID();
    }
}
