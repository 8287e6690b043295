package io.editstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The kafka section's security settings become the client properties every client is built from. */
class KafkaSecurityTest {
    private static KafkaSettings settings(Map<String, ?> security) {
        Map<String, Object> kafka = new java.util.HashMap<>(security);
        kafka.put("bootstrap", "broker:9093");
        return KafkaSettings.fromMap(kafka);
    }

    @Test
    void saslCredentialsAndAPemCaMakeSaslSslWithScramSha512() {
        KafkaSettings s = settings(Map.of("sasl", Map.of("username", "stage", "password", "pw"),
                "ssl", Map.of("truststore", "/etc/kafka/ca.pem")));
        assertThat(s.base()).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"stage\" password=\"pw\";")
                .containsEntry("ssl.truststore.location", "/etc/kafka/ca.pem").containsEntry("ssl.truststore.type", "PEM")
                .doesNotContainKey("ssl.truststore.password");
    }

    @Test
    void aKeystoreTruststoreKeepsItsPasswordAndRawPropertiesWin() {
        KafkaSettings s = settings(Map.of("securityProtocol", "ssl",
                "ssl", Map.of("truststore", "/etc/kafka/trust.p12", "truststorePassword", "tp"),
                "properties", Map.of("ssl.endpoint.identification.algorithm", "", "security.protocol", "SSL")));
        assertThat(s.base()).containsEntry("security.protocol", "SSL").containsEntry("ssl.truststore.password", "tp")
                .doesNotContainKey("ssl.truststore.type").doesNotContainKey("sasl.jaas.config")
                .containsEntry("ssl.endpoint.identification.algorithm", "");
    }

    @Test
    void noSecuritySettingsLeaveTheClientPlaintext() {
        assertThat(settings(Map.of()).base()).containsOnlyKeys("bootstrap.servers");
    }

    @Test
    void quotesInAPasswordCannotEndTheJaasValueAndNeverReachTheLog() {
        KafkaSettings s = settings(Map.of("sasl", Map.of("mechanism", "plain", "username", "u", "password", "a\"b\\c")));
        assertThat(s.base().getProperty("sasl.jaas.config"))
                .isEqualTo("org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"a\\\"b\\\\c\";");
        assertThat(s.toString()).doesNotContain("a\"b").contains("sasl.jaas.config=[set]");
    }

    @Test
    void mistakesNameTheSettingToFix() {
        assertThatThrownBy(() -> settings(Map.of("securityProtocol", "TLS")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("KAFKA_SECURITY_PROTOCOL");
        assertThatThrownBy(() -> settings(Map.of("sasl", Map.of("username", "u", "password", "p", "mechanism", "GSSAPI"))))
                .hasMessageContaining("KAFKA_SASL_MECHANISM");
        assertThatThrownBy(() -> settings(Map.of("securityProtocol", "SASL_SSL", "sasl", Map.of("username", "u"))))
                .hasMessageContaining("KAFKA_SASL_PASSWORD");
    }
}
