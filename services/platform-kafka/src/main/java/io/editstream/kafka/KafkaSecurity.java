package io.editstream.kafka;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code kafka} config's first-class transport security, turned into client properties: {@code securityProtocol},
 * {@code sasl {mechanism, username, password}} and {@code ssl {truststore, truststorePassword}}. A deployment sets
 * five variables (KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_USERNAME, ...) instead of composing a JAAS line, and a typo
 * fails at start-up naming the setting rather than as an authentication timeout later.
 */
final class KafkaSecurity {
    private static final Set<String> PROTOCOLS = Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
    private static final Map<String, String> LOGIN_MODULES = Map.of(
            "SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule",
            "SCRAM-SHA-256", "org.apache.kafka.common.security.scram.ScramLoginModule",
            "PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule");

    private KafkaSecurity() {
    }

    /** The client properties the security settings in {@code kafka} stand for; empty when it names none. */
    static Map<String, String> clientProperties(Map<String, ?> kafka) {
        Map<String, ?> sasl = KafkaSettings.section(kafka, "sasl");
        Map<String, ?> ssl = KafkaSettings.section(kafka, "ssl");
        String username = str(sasl, "username");
        // a password is taken as given: spaces may be part of it
        Object rawPassword = sasl == null ? null : sasl.get("password");
        String password = rawPassword == null || rawPassword.toString().isEmpty() ? null : rawPassword.toString();
        String truststore = str(ssl, "truststore");
        String protocol = str(kafka, "securityProtocol");
        // no protocol named: SASL credentials mean SASL over TLS, a truststore alone means TLS (never silently plaintext)
        if (protocol == null) {
            protocol = username != null ? "SASL_SSL" : truststore != null ? "SSL" : null;
        }
        Map<String, String> props = new HashMap<>();
        if (protocol == null) {
            return props;
        }
        protocol = protocol.toUpperCase(Locale.ROOT);
        if (!PROTOCOLS.contains(protocol)) {
            throw new IllegalArgumentException("kafka security protocol '" + protocol + "' is not one of " + PROTOCOLS
                    + " (config kafka.securityProtocol / env KAFKA_SECURITY_PROTOCOL)");
        }
        props.put("security.protocol", protocol);
        if (protocol.startsWith("SASL_")) {
            props.putAll(sasl(sasl, username, password));
        }
        if (truststore != null && protocol.endsWith("SSL")) {
            props.put("ssl.truststore.location", truststore);
            String lower = truststore.toLowerCase(Locale.ROOT);
            // a CA certificate as PEM is what most deployments have; Kafka reads it as a trust store of type PEM
            if (lower.endsWith(".pem") || lower.endsWith(".crt")) {
                props.put("ssl.truststore.type", "PEM");
            } else {
                String storePassword = str(ssl, "truststorePassword");
                if (storePassword != null) {
                    props.put("ssl.truststore.password", storePassword);
                }
            }
        }
        return props;
    }

    private static Map<String, String> sasl(Map<String, ?> sasl, String username, String password) {
        String mechanism = str(sasl, "mechanism");
        mechanism = mechanism == null ? "SCRAM-SHA-512" : mechanism.toUpperCase(Locale.ROOT);
        String module = LOGIN_MODULES.get(mechanism);
        if (module == null) {
            throw new IllegalArgumentException("kafka SASL mechanism '" + mechanism + "' is not one of " + LOGIN_MODULES.keySet()
                    + " (config kafka.sasl.mechanism / env KAFKA_SASL_MECHANISM)");
        }
        if (username == null || password == null) {
            throw new IllegalArgumentException("kafka SASL needs a username and a password"
                    + " (config kafka.sasl.username, kafka.sasl.password / env KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD)");
        }
        return Map.of("sasl.mechanism", mechanism,
                "sasl.jaas.config", module + " required username=\"" + quoted(username) + "\" password=\"" + quoted(password) + "\";");
    }

    /** JAAS quoting: a password with a quote or backslash must not end the value early. */
    private static String quoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String str(Map<String, ?> map, String key) {
        Object value = map == null ? null : map.get(key);
        return value == null || value.toString().isBlank() ? null : value.toString().trim();
    }
}
