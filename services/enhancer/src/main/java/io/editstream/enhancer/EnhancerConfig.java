package io.editstream.enhancer;

import io.editstream.kafka.KafkaSettings;
import io.editstream.onnx.Bundles;
import io.editstream.onnx.Device;
import io.editstream.storage.StorageSettings;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The enhancer's settings from the merged service config; an empty {@code model.bundle} means the
 * bundled {@code enhancer} model, and {@code join.windowMs} is how long one half of a request waits for
 * the other before the request fails.
 */
public record EnhancerConfig(int httpPort, KafkaSettings kafka, int partitions, short replication, StorageSettings storage,
                             Path bundle, Device device, Duration joinWindow, String applicationId, Path stateDir) {

    public static EnhancerConfig from(JsonObject config) {
        JsonObject kafka = config.getJsonObject("kafka", new JsonObject());
        JsonObject model = config.getJsonObject("model", new JsonObject());
        JsonObject streams = config.getJsonObject("streams", new JsonObject());
        String bundle = model.getString("bundle", "");
        String stateDir = streams.getString("stateDir", "");
        return new EnhancerConfig(
                config.getJsonObject("http", new JsonObject()).getInteger("port", 8080),
                KafkaSettings.fromMap(kafka.getMap()),
                kafka.getInteger("partitions", 3),
                kafka.getInteger("replication", 1).shortValue(),
                StorageSettings.fromMap(config.getJsonObject("s3", new JsonObject()).getMap()),
                bundle.isBlank() ? Bundles.locate("enhancer") : Path.of(bundle),
                Device.valueOf(model.getString("device", "auto").trim().toUpperCase(Locale.ROOT)),
                Duration.ofMillis(config.getJsonObject("join", new JsonObject()).getLong("windowMs", 60_000L)),
                streams.getString("applicationId", "enhancer"),
                stateDir.isBlank() ? Path.of(System.getProperty("java.io.tmpdir"), "editstream-enhancer-streams") : Path.of(stateDir));
    }
}
