package io.editstream.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void layersMergeDeeplyFromDefaultsToDeploymentConfig() throws Exception {
        Path file = dir.resolve("override.json");
        Files.writeString(file, "{\"kafka\":{\"bootstrap\":\"file:9092\"},\"s3\":{\"bucket\":\"from-file\"}}");
        Map<String, String> env = Map.of("EDITSTREAM_CONFIG", file.toString(), "S3_BUCKET", "from-env",
                "HTTP_PORT", "9000", "MODEL_DEVICE", "cpu");
        JsonObject deployment = new JsonObject().put("model", new JsonObject().put("bundle", "/models/x"));

        JsonObject config = ServiceConfigLoader.layered("test-service", env, deployment);

        assertThat(config.getJsonObject("kafka").getString("bootstrap")).isEqualTo("file:9092");
        assertThat(config.getJsonObject("kafka").getInteger("partitions")).isEqualTo(3);   // default kept
        assertThat(config.getJsonObject("s3").getString("bucket")).isEqualTo("from-env");  // env beats file
        assertThat(config.getJsonObject("http").getInteger("port")).isEqualTo(9000);
        assertThat(config.getJsonObject("model").getString("device")).isEqualTo("cpu");
        assertThat(config.getJsonObject("model").getString("bundle")).isEqualTo("/models/x"); // deployment wins
    }

    @Test
    void aMissingServiceDefaultsFileGivesAnEmptyBase() throws Exception {
        assertThat(ServiceConfigLoader.layered("no-such-service", Map.of(), null)).isEqualTo(new JsonObject());
    }

    @Test
    void anUnreadableConfigFileIsNamedInTheError() {
        assertThatThrownBy(() -> ServiceConfigLoader.layered("test-service",
                Map.of("EDITSTREAM_CONFIG", dir.resolve("absent.json").toString()), null))
                .hasMessageContaining("absent.json");
    }
}
