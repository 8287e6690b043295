package io.editstream.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings come from the service's {@code s3} config object and refuse to start half-configured. */
class StorageSettingsTest {
    @Test
    void readsEveryKeyOfTheConfigObject() {
        StorageSettings s = StorageSettings.fromMap(Map.of("endpoint", "http://minio:9000", "accessKey", "ak",
                "secretKey", "sk", "bucket", "edits", "region", "eu-west-1"));
        assertThat(s).isEqualTo(new StorageSettings("http://minio:9000", "ak", "sk", "edits", "eu-west-1"));
    }

    @Test
    void theInlineThresholdAndImageCacheDefaultAndTakeNumbersOrTheStringsOfTheEnvironment() {
        Map<String, Object> s3 = new HashMap<>(Map.of("endpoint", "http://minio:9000", "bucket", "edits"));
        StorageSettings defaults = StorageSettings.fromMap(s3);
        assertThat(defaults.inlineTensorBytes()).isEqualTo(64 * 1024);
        assertThat(defaults.imageCacheBytes()).isEqualTo(64L * 1024 * 1024);
        s3.put("inlineTensorBytes", 0);
        s3.put("imageCacheBytes", " 1048576 ");
        assertThat(StorageSettings.fromMap(s3).inlineTensorBytes()).isZero();
        assertThat(StorageSettings.fromMap(s3).imageCacheBytes()).isEqualTo(1 << 20);
        s3.put("imageCacheBytes", "64MiB");
        assertThatThrownBy(() -> StorageSettings.fromMap(s3)).hasMessageContaining("s3.imageCacheBytes").hasMessageContaining("64MiB");
        s3.put("imageCacheBytes", -1);
        assertThatThrownBy(() -> StorageSettings.fromMap(s3)).hasMessageContaining("0 (off)");
    }

    @Test
    void aCaFileIsOptionalAndMissingOrNonPemOnesFailWhenTheStoreIsMade() throws Exception {
        Map<String, Object> s3 = new HashMap<>(Map.of("endpoint", "https://s3:9443", "accessKey", "a", "secretKey", "b",
                "bucket", "edits"));
        assertThat(StorageSettings.fromMap(s3).caFile()).isNull();
        s3.put("caFile", " /no/such/ca.pem ");
        StorageSettings settings = StorageSettings.fromMap(s3);
        assertThat(settings.caFile()).isEqualTo("/no/such/ca.pem");
        assertThatThrownBy(() -> ObjectStore.connect(settings)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/no/such/ca.pem").hasMessageContaining("S3_CA_FILE");
        java.nio.file.Path notPem = java.nio.file.Files.createTempFile("not-a-ca", ".pem");
        java.nio.file.Files.writeString(notPem, "not a certificate");
        s3.put("caFile", notPem.toString());
        assertThatThrownBy(() -> ObjectStore.connect(StorageSettings.fromMap(s3))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("S3_CA_FILE");
        java.nio.file.Files.delete(notPem);
    }

    @Test
    void theRegionDefaultsToUsEast1() {
        Map<String, Object> s3 = new HashMap<>(Map.of("endpoint", "http://s3:9000", "accessKey", "a", "secretKey", "b",
                "bucket", "edits"));
        assertThat(StorageSettings.fromMap(s3).region()).isEqualTo("us-east-1");
        s3.put("region", " ");
        assertThat(StorageSettings.fromMap(s3).region()).isEqualTo("us-east-1");
    }

    @Test
    void aMissingEndpointOrBucketNamesTheSettingToFix() {
        assertThatThrownBy(() -> StorageSettings.fromMap(Map.of("bucket", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("S3_ENDPOINT");
        assertThatThrownBy(() -> StorageSettings.fromMap(Map.of("endpoint", "http://s3:9000")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("S3_BUCKET");
        assertThatThrownBy(() -> StorageSettings.fromMap(null)).hasMessageContaining("s3.endpoint");
    }

    @Test
    void anInvalidBucketNameIsRefusedAtStartUp() {
        for (String bad : new String[] {"ab", "Edits", "edits_1", "-edits", "a..b", "x".repeat(64)}) {
            assertThatThrownBy(() -> new StorageSettings("http://s3:9000", "a", "b", bad, null))
                    .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a valid S3 bucket name");
        }
        assertThat(new StorageSettings("http://s3:9000", "a", "b", "cue-extractor-it", null).bucket())
                .isEqualTo("cue-extractor-it");
    }

    @Test
    void theSecretNeverAppearsInLogs() {
        StorageSettings s = new StorageSettings("http://s3:9000", "access", "s3cr3t-value", "edits", null);
        assertThat(s.toString()).doesNotContain("s3cr3t-value").contains("edits").contains("http://s3:9000");
    }
}
