package io.editstream.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.editstream.embedded.EmbeddedKafka;
import io.editstream.embedded.EmbeddedS3;
import io.editstream.embedded.SelfSignedTls;
import io.editstream.events.EditFailed;
import io.editstream.events.ImageRef;
import io.editstream.kafka.AckedProducer;
import io.editstream.kafka.KafkaSettings;
import io.editstream.kafka.Topic;
import io.editstream.kafka.TopicAdmin;
import io.editstream.storage.ObjectStore;
import io.editstream.storage.StorageException;
import io.editstream.storage.StorageSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encrypted, authenticated transport configured only through the services' config maps: Kafka over SASL_SSL
 * (SCRAM-SHA-512) with the broker's CA as a PEM file, and S3 over https with a custom CA. Both endpoints serve a
 * certificate generated for this run; a second, unrelated certificate stands for "some other CA".
 */
class TransportSecurityIT {
    private static final String USER = "editstream-stage";
    private static final String PASSWORD = "pa\"ss word\\" + UUID.randomUUID(); // quote, space, backslash: JAAS quoting
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    private static SelfSignedTls tls;
    private static SelfSignedTls otherCa;
    private static EmbeddedKafka kafka;
    private static EmbeddedS3 s3;

    @BeforeAll
    static void start() {
        tls = SelfSignedTls.generate(dir, "embedded");
        otherCa = SelfSignedTls.generate(dir, "other");
        kafka = EmbeddedKafka.startSaslSsl(tls);
        kafka.addScramUser(USER, PASSWORD);
        s3 = EmbeddedS3.startTransientHttps(tls);
    }

    @AfterAll
    static void stop() {
        Closing.all(s3, kafka);
    }

    /** The kafka section a deployment would write (or KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_USERNAME, ... set). */
    private static Map<String, Object> kafkaConfig(String password, Path ca) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap", kafka.secureBootstrapServers());
        config.put("securityProtocol", "SASL_SSL");
        config.put("sasl", Map.of("mechanism", "SCRAM-SHA-512", "username", USER, "password", password));
        config.put("ssl", Map.of("truststore", ca.toString()));
        // refusals fail in seconds rather than after the admin's default minute
        config.put("properties", Map.of("default.api.timeout.ms", "8000", "request.timeout.ms", "5000"));
        return config;
    }

    @Test
    void anAvroEventTravelsOverSaslSsl() throws Exception {
        KafkaSettings settings = KafkaSettings.fromMap(kafkaConfig(PASSWORD, tls.caPem()));
        assertThat(settings.base()).containsEntry("security.protocol", "SASL_SSL").containsEntry("ssl.truststore.type", "PEM");
        assertThat(settings.toString()).doesNotContain(PASSWORD);
        Topic<EditFailed> topic = new Topic<>("tls-" + UUID.randomUUID(), EditFailed.class);
        TopicAdmin.ensureTopics(settings, List.of(topic.name()), 1, (short) 1);
        try (AckedProducer producer = new AckedProducer(settings, "transport-it")) {
            producer.send(topic, "r-1", failed("r-1")).get(30, TimeUnit.SECONDS);
        }
        assertThat(TopicReader.awaitValue(settings, topic, "r-1", WAIT).getReason()).isEqualTo("reason of r-1");
    }

    @Test
    void aWrongPasswordIsRefusedAsAuthenticationFailure() {
        KafkaSettings settings = KafkaSettings.fromMap(kafkaConfig("not-the-password", tls.caPem()));
        assertThatThrownBy(() -> TopicAdmin.ensureTopics(settings, List.of("tls-refused"), 1, (short) 1))
                .isInstanceOf(KafkaException.class)
                .hasMessageContaining("SaslAuthenticationException").hasMessageContaining("invalid credentials");
    }

    @Test
    void aBrokerCertificateFromAnotherCaIsRefused() {
        KafkaSettings settings = KafkaSettings.fromMap(kafkaConfig(PASSWORD, otherCa.caPem()));
        assertThatThrownBy(() -> TopicAdmin.ensureTopics(settings, List.of("tls-refused"), 1, (short) 1))
                .isInstanceOf(KafkaException.class)
                .hasMessageContaining("SslAuthenticationException").hasMessageContaining("SSL handshake failed");
    }

    @Test
    void aPlaintextClientGetsNothingFromTheTlsListener() {
        // a client that speaks plaintext Kafka to a TLS port is disconnected at every try: it times out, never reads
        KafkaSettings settings = KafkaSettings.fromMap(Map.of("bootstrap", kafka.secureBootstrapServers(),
                "properties", Map.of("default.api.timeout.ms", "5000", "request.timeout.ms", "3000")));
        assertThat(settings.base()).doesNotContainKey("security.protocol");
        assertThatThrownBy(() -> TopicAdmin.ensureTopics(settings, List.of("tls-refused"), 1, (short) 1))
                .isInstanceOf(KafkaException.class).hasMessageContaining("TimeoutException");
    }

    /** The s3 section a deployment would write (or S3_ENDPOINT, ..., S3_CA_FILE set). */
    private static Map<String, Object> s3Config(String endpoint, Path ca) {
        Map<String, Object> config = new HashMap<>(Map.of("endpoint", endpoint, "accessKey", s3.accessKey(),
                "secretKey", s3.secretKey(), "bucket", "tls-bucket"));
        if (ca != null) {
            config.put("caFile", ca.toString());
        }
        return config;
    }

    @Test
    void anObjectTravelsOverHttpsCheckedAgainstTheCustomCa() {
        assertThat(s3.endpoint()).startsWith("https://");
        try (ObjectStore store = ObjectStore.connect(StorageSettings.fromMap(s3Config(s3.endpoint(), tls.caPem())))) {
            store.ensureBucket();
            byte[] bytes = "an image's bytes".getBytes(StandardCharsets.UTF_8);
            ImageRef ref = store.putImage("tls/" + UUID.randomUUID() + ".png", bytes, "image/png", 1, 1);
            assertThat(store.getImage(ref)).isEqualTo(bytes);
            assertThat(store.reachable()).isTrue();
        }
    }

    @Test
    void anS3CertificateFromAnotherCaOrTheDefaultTrustStoreIsRefused() {
        for (Path ca : new Path[] {otherCa.caPem(), null}) {
            try (ObjectStore store = ObjectStore.connect(StorageSettings.fromMap(s3Config(s3.endpoint(), ca)))) {
                assertThatThrownBy(store::ensureBucket).as("CA file %s", ca)
                        .isInstanceOf(StorageException.class)
                        .hasMessageContaining("cannot ensure bucket tls-bucket").hasMessageContaining("S3_CA_FILE")
                        .hasMessageContaining("PKIX path building failed");
                assertThat(store.reachable()).isFalse();
            }
        }
    }

    @Test
    void plainHttpToTheHttpsEndpointIsRefused() {
        String http = s3.endpoint().replace("https://", "http://");
        try (ObjectStore store = ObjectStore.connect(StorageSettings.fromMap(s3Config(http, tls.caPem())))) {
            assertThat(store.reachable()).isFalse();
        }
    }

    private static EditFailed failed(String requestId) {
        return EditFailed.newBuilder().setEventId("ev-" + requestId).setRequestId(requestId)
                .setOccurredAt(Instant.now()).setStage("test").setReason("reason of " + requestId).build();
    }
}
