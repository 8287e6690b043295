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

    /**
     * From the {@code kafka} config object: {@code bootstrap}, the transport security ({@code securityProtocol},
     * {@code sasl}, {@code ssl}: see {@link KafkaSecurity}) and an optional {@code properties} object of raw client
     * properties, which win over what the security settings derive (an escape hatch, e.g. for OAUTHBEARER).
     */
    public static KafkaSettings fromMap(Map<String, ?> kafka) {
        Object bootstrap = kafka == null ? null : kafka.get("bootstrap");
        Map<String, String> extra = new HashMap<>(KafkaSecurity.clientProperties(kafka));
        Map<String, ?> properties = section(kafka, "properties");
        if (properties != null) {
            properties.forEach((k, v) -> extra.put(k, String.valueOf(v)));
        }
        return new KafkaSettings(bootstrap == null ? null : bootstrap.toString(), extra);
    }

    /** A nested config object as a map, whether it came as a map or as a JSON object (which iterates as entries). */
    static Map<String, ?> section(Map<String, ?> config, String key) {
        Object value = config == null ? null : config.get(key);
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new HashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), v));
            return copy;
        }
        if (value instanceof Iterable<?> entries) {
            Map<String, Object> copy = new HashMap<>();
            for (Object entry : entries) {
                if (entry instanceof Map.Entry<?, ?> e) {
                    copy.put(String.valueOf(e.getKey()), e.getValue());
                }
            }
            return copy;
        }
        return null;
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

    /** Without secrets: the JAAS line and any password-like property are logged as set, not shown. */
    @Override
    public String toString() {
        Map<String, String> shown = new java.util.TreeMap<>();
        extra.forEach((k, v) -> shown.put(k, k.contains("jaas") || k.contains("password") ? "[set]" : v));
        return "KafkaSettings[bootstrapServers=" + bootstrapServers + ", extra=" + shown + "]";
    }

    public Map<String, Object> baseMap() {
        Map<String, Object> map = new HashMap<>();
        base().forEach((k, v) -> map.put(k.toString(), v));
        return map;
    }
}
