package io.editstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.kafka.KafkaSettings;
import io.editstream.storage.StorageSettings;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** connection.env: the six settings every service and client reads, readable by a shell and by us, private. */
class ConnectionFileTest {
    @TempDir
    Path dir;

    @Test
    void writesTheSettingsAServiceReadsAndReadsThemBack() throws Exception {
        Map<String, String> values = ConnectionFile.values(KafkaSettings.of("127.0.0.1:9092"),
                new StorageSettings("http://127.0.0.1:9000", "editstream", "s3cr3t it's", "editstream", "us-east-1"),
                Optional.of("http://localhost:8080"));
        Path file = ConnectionFile.write(dir, "a test", values);

        assertThat(file).isEqualTo(dir.resolve("connection.env"));
        assertThat(ConnectionFile.read(file)).containsExactlyEntriesOf(values);
        assertThat(ConnectionFile.read(file)).containsOnlyKeys("KAFKA_BOOTSTRAP", "S3_ENDPOINT", "S3_ACCESS_KEY",
                "S3_SECRET_KEY", "S3_BUCKET", "S3_REGION", "GATEWAY_URL");
        assertThat(Files.readString(file)).contains("KAFKA_BOOTSTRAP=127.0.0.1:9092\n", "S3_SECRET_KEY='s3cr3t it'\\''s'\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aShellSourcingTheFileGetsTheSameValues() throws Exception {
        Map<String, String> values = ConnectionFile.values(KafkaSettings.of("127.0.0.1:9092"),
                new StorageSettings("http://127.0.0.1:9000", "editstream", "a b'c$d", "editstream", "us-east-1"), Optional.empty());
        Path file = ConnectionFile.write(dir, "a test", values);
        Process shell = new ProcessBuilder("bash", "-c", "set -a; . '" + file + "'; set +a; printf '%s|%s' \"$S3_SECRET_KEY\" \"$KAFKA_BOOTSTRAP\"")
                .redirectErrorStream(true).start();
        assertThat(new String(shell.getInputStream().readAllBytes())).isEqualTo("a b'c$d|127.0.0.1:9092");
    }

    @Test
    void serviceConnectionOptionFillsOnlyWhatTheEnvironmentLeavesUnset() throws Exception {
        Path file = ConnectionFile.write(dir, "a test", ConnectionFile.values(KafkaSettings.of("127.0.0.1:9092"),
                new StorageSettings("http://127.0.0.1:9000", "ak", "sk", "editstream", "us-east-1"), Optional.of("http://localhost:1")));

        JsonObject config = ServiceCommand.fromConnectionFile(file, Map.of("S3_ENDPOINT", "http://minio:9000"));

        assertThat(config.getJsonObject("kafka").getString("bootstrap")).isEqualTo("127.0.0.1:9092");
        assertThat(config.getJsonObject("s3").containsKey("endpoint")).as("the environment wins").isFalse();
        assertThat(config.getJsonObject("s3").getString("secretKey")).isEqualTo("sk");
        assertThat(config.getJsonObject("s3").getString("region")).isEqualTo("us-east-1");
        assertThat(config.fieldNames()).containsOnly("kafka", "s3");
    }
}
