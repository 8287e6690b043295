package io.editstream.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.editstream.onnx.BundleException;
import io.editstream.onnx.Bundles;
import io.editstream.onnx.Device;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageSettingsTest {

    private static JsonObject base() {
        return new JsonObject()
                .put("http", new JsonObject().put("port", 0))
                .put("kafka", new JsonObject().put("bootstrap", "broker:9092").put("partitions", 6)
                        .put("properties", new JsonObject().put("security.protocol", "SSL").put("linger.ms", 5)))
                .put("s3", new JsonObject().put("endpoint", "http://minio:9000").put("accessKey", "a").put("secretKey", "s")
                        .put("bucket", "edits").put("region", "eu-west-1"))
                .put("model", new JsonObject().put("bundle", "/models/reasoner-large").put("device", "cuda"))
                .put("reasoner", new JsonObject().put("maxDecodeTokens", 40));
    }

    @Test
    void readsEverySection() {
        StageSettings cfg = StageSettings.from(base(), "reasoner");

        assertThat(cfg.httpPort()).isZero();
        assertThat(cfg.kafka().bootstrapServers()).isEqualTo("broker:9092");
        assertThat(cfg.kafka().extra()).containsEntry("security.protocol", "SSL").containsEntry("linger.ms", "5");
        assertThat(cfg.partitions()).isEqualTo(6);
        assertThat(cfg.replication()).isEqualTo((short) 1);
        assertThat(cfg.storage().bucket()).isEqualTo("edits");
        assertThat(cfg.bundle()).isEqualTo(Path.of("/models/reasoner-large"));
        assertThat(cfg.device()).isEqualTo(Device.CUDA);
        assertThat(cfg.section("reasoner").getInteger("maxDecodeTokens")).isEqualTo(40);
        assertThat(cfg.section("absent")).isEmpty();
    }

    @Test
    void transportSecurityFromNestedJsonReachesTheClientsAndTheStore() {
        // the shape ServiceConfigLoader builds from KAFKA_SASL_USERNAME, KAFKA_SSL_TRUSTSTORE, S3_CA_FILE, ...
        JsonObject config = base();
        config.getJsonObject("kafka").put("securityProtocol", "SASL_SSL")
                .put("sasl", new JsonObject().put("username", "reasoner").put("password", "pw"))
                .put("ssl", new JsonObject().put("truststore", "/etc/kafka/ca.pem"))
                .put("properties", new JsonObject().put("linger.ms", 5));
        config.getJsonObject("s3").put("caFile", "/etc/s3/ca.pem");
        StageSettings cfg = StageSettings.from(config, "reasoner");

        assertThat(cfg.kafka().base()).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.location", "/etc/kafka/ca.pem").containsEntry("linger.ms", "5")
                .containsKey("sasl.jaas.config");
        assertThat(cfg.storage().caFile()).isEqualTo("/etc/s3/ca.pem");
    }

    @Test
    void deviceNamesAreCaseInsensitiveAndBadOnesAreExplained() {
        assertThat(StageSettings.device(" Auto ")).isEqualTo(Device.AUTO);
        assertThatThrownBy(() -> StageSettings.device("tpu"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("model.device").hasMessageContaining("tpu");
    }

    @Test
    void missingBootstrapIsAClearError() {
        JsonObject cfg = base();
        cfg.getJsonObject("kafka").remove("bootstrap");
        assertThatThrownBy(() -> StageSettings.from(cfg, "reasoner")).hasMessageContaining("kafka bootstrap");
    }

    @Test
    void theOpenAiUrlSelectsTheReasonerBackend() {
        assertThat(StageSettings.from(base(), "reasoner").reasonerBackend()).isEqualTo("onnx");
        JsonObject withUrl = base().put("reasoner", new JsonObject().put("backend", "onnx")
                .put("openai", new JsonObject().put("url", "http://vlm:8000/v1")));
        assertThat(StageSettings.from(withUrl, "reasoner").reasonerBackend()).isEqualTo("openai");
        JsonObject bad = base().put("reasoner", new JsonObject().put("backend", "tpu"));
        assertThatThrownBy(() -> StageSettings.from(bad, "reasoner").reasonerBackend()).hasMessageContaining("reasoner.backend");
    }

    @Test
    void theDefaultBundleIsLookedUpOnlyWhenAskedFor(@TempDir Path models) throws Exception {
        Files.createDirectories(models.resolve("clip"));
        String previous = System.getProperty(Bundles.MODELS_VARIABLE);
        System.setProperty(Bundles.MODELS_VARIABLE, models.toString());
        try {
            JsonObject noBundle = base().put("model", new JsonObject().put("bundle", " "));
            // a models folder without reasoner/ (the reasoner on a VLM needs none): the settings still load
            StageSettings reasoner = StageSettings.from(noBundle, "reasoner");
            assertThatThrownBy(reasoner::bundle).isInstanceOf(BundleException.class)
                    .hasMessageContaining("'reasoner'").hasMessageContaining(models.resolve("reasoner").toString());
            StageSettings scorer = StageSettings.from(noBundle.copy().put("clip", new JsonObject().put("bundle", "/models/clip-l14")),
                    "dino");
            assertThat(scorer.sectionBundle("clip")).isEqualTo(Path.of("/models/clip-l14"));
            assertThat(StageSettings.from(noBundle, "clip").sectionBundle("clip")).isEqualTo(models.resolve("clip"));
        } finally {
            if (previous == null) {
                System.clearProperty(Bundles.MODELS_VARIABLE);
            } else {
                System.setProperty(Bundles.MODELS_VARIABLE, previous);
            }
        }
    }
}
