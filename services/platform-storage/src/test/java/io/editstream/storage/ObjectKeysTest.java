package io.editstream.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ObjectKeysTest {
    @Test
    void keysAreDeterministicPerRequestAndStage() {
        assertThat(ObjectKeys.source("abc-1", "png")).isEqualTo("requests/abc-1/source.png");
        assertThat(ObjectKeys.tensor("abc-1", "cue-extractor")).isEqualTo("tensors/abc-1/cue-extractor.bin");
        assertThat(ObjectKeys.result("abc-1")).isEqualTo("results/abc-1/edited.png");
    }

    @Test
    void idsThatCouldEscapeTheirFolderAreRefused() {
        assertThatThrownBy(() -> ObjectKeys.result("../etc")).hasMessageContaining("not a valid id");
        assertThatThrownBy(() -> ObjectKeys.source("a/b", "png")).hasMessageContaining("not a valid id");
        assertThatThrownBy(() -> ObjectKeys.result("")).hasMessageContaining("not a valid id");
    }

    @Test
    void settingsComeFromTheConfigMapWithADefaultRegion() {
        StorageSettings s = StorageSettings.fromMap(Map.of("endpoint", "http://s3:9000", "accessKey", "a",
                "secretKey", "b", "bucket", "edits"));
        assertThat(s.region()).isEqualTo("us-east-1");
        assertThat(s.toString()).doesNotContain("b]").contains("edits");
        assertThatThrownBy(() -> StorageSettings.fromMap(Map.of("bucket", "x"))).hasMessageContaining("S3_ENDPOINT");
    }
}
