package io.editstream.cueextractor;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.onnx.Device;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CueExtractorConfigTest {

    private static JsonObject config(JsonObject cues) {
        return new JsonObject()
                .put("http", new JsonObject().put("port", 9100))
                .put("kafka", new JsonObject().put("bootstrap", "broker:9092"))
                .put("s3", new JsonObject().put("endpoint", "http://minio:9000").put("accessKey", "a").put("secretKey", "s")
                        .put("bucket", "b").put("region", "us-east-1"))
                .put("model", new JsonObject().put("bundle", "/models/clip-large").put("device", "cpu"))
                .put("cues", cues);
    }

    @Test
    void cueLimitsComeFromTheCuesSection() {
        CueExtractorConfig cfg = CueExtractorConfig.from(config(new JsonObject().put("maxRegions", 3)
                .put("minAreaFraction", 0.01).put("maxTextCues", 2)));

        assertThat(cfg.httpPort()).isEqualTo(9100);
        assertThat(cfg.bundle()).isEqualTo(Path.of("/models/clip-large"));
        assertThat(cfg.device()).isEqualTo(Device.CPU);
        assertThat(cfg.regions()).isEqualTo(new RegionFinder.Settings(3, 60.0, 56.0, 0.01));
        assertThat(cfg.maxTextCues()).isEqualTo(2);
    }

    @Test
    void absentCueSettingsFallBackToTheDefaults() {
        CueExtractorConfig cfg = CueExtractorConfig.from(config(new JsonObject()));

        assertThat(cfg.regions()).isEqualTo(RegionFinder.Settings.defaults());
        assertThat(cfg.maxTextCues()).isEqualTo(4);
        assertThat(cfg.partitions()).isEqualTo(3);
    }
}
