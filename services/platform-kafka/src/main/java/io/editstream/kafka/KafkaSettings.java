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

    /** From the {@code kafka} config object: {@code bootstrap} and an optional {@code properties} object. */
    public static KafkaSettings fromMap(Map<String, ?> kafka) {
        Object bootstrap = kafka == null ? null : kafka.get("bootstrap");
        Map<String, String> extra = new HashMap<>();
        Object properties = kafka == null ? null : kafka.get("properties");
        if (properties instanceof Map<?, ?> map) {
            map.forEach((k, v) -> extra.put(String.valueOf(k), String.valueOf(v)));
        } else if (properties instanceof Iterable<?> entries) {
            // JSON objects of config libraries (Vert.x JsonObject) iterate as map entries
            for (Object entry : entries) {
                if (entry instanceof Map.Entry<?, ?> e) {
                    extra.put(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
                }
            }
        }
        return new KafkaSettings(bootstrap == null ? null : bootstrap.toString(), extra);
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
