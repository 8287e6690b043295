package io.editstream.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Where the broker is and any extra client properties (security, timeouts), as read from a service's
 * config. Each client adds its own role-specific settings on top of {@link #base()}.
 */
public record KafkaSettings(String bootstrapServers, Map<String, String> extra) {

    public KafkaSettings {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("kafka bootstrap servers are not set (config kafka.bootstrap / env KAFKA_BOOTSTRAP)");
        }
        extra = Map.copyOf(extra == null ? Map.of() : extra);
    }

    public static KafkaSettings of(String bootstrapServers) {
        return new KafkaSettings(bootstrapServers, Map.of());
    }

    /** bootstrap.servers plus the extra properties. */
    public Properties base() {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers);
        props.putAll(extra);
        return props;
    }

    public Map<String, Object> baseMap() {
        Map<String, Object> map = new HashMap<>();
        base().forEach((k, v) -> map.put(k.toString(), v));
        return map;
    }
}
