package io.editstream.scorer;

import io.editstream.kafka.KafkaSettings;
import io.editstream.onnx.Bundles;
import io.editstream.onnx.Device;
import io.editstream.storage.StorageSettings;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The scorer's settings, read once from the merged service config (defaults file, config file,
 * environment, deployment config). An empty {@code model.bundle} means the bundled fixture
 * {@code clip} model, the encoder behind CLIP-T and CLIP-I.
 */
public record ScorerConfig(int httpPort, KafkaSettings kafka, int partitions, short replication,
                           StorageSettings storage, Path bundle, Device device) {

    public static ScorerConfig from(JsonObject config) {
        JsonObject kafka = config.getJsonObject("kafka", new JsonObject());
        JsonObject model = config.getJsonObject("model", new JsonObject());
        return new ScorerConfig(
                config.getJsonObject("http", new JsonObject()).getInteger("port", 8080),
                kafkaSettings(kafka),
                kafka.getInteger("partitions", 3),
                kafka.getInteger("replication", 1).shortValue(),
                StorageSettings.fromMap(config.getJsonObject("s3", new JsonObject()).getMap()),
                bundle(model.getString("bundle", ""), "clip"),
                device(model.getString("device", "auto")));
    }

    static KafkaSettings kafkaSettings(JsonObject kafka) {
        Map<String, String> extra = new HashMap<>();
        kafka.getJsonObject("properties", new JsonObject()).forEach(e -> extra.put(e.getKey(), String.valueOf(e.getValue())));
        return new KafkaSettings(kafka.getString("bootstrap"), extra);
    }

    static Path bundle(String configured, String fixture) {
        return configured == null || configured.isBlank() ? Bundles.locate(fixture) : Path.of(configured);
    }

    static Device device(String name) {
        try {
            return Device.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model.device must be auto, cpu or cuda, was '" + name + "'", e);
        }
    }
}
