package io.editstream.renderer;

import io.editstream.kafka.KafkaSettings;
import io.editstream.onnx.Bundles;
import io.editstream.onnx.Device;
import io.editstream.storage.StorageSettings;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Locale;

/** The renderer's settings from the merged service config; an empty {@code model.bundle} means the bundled renderer. */
public record RendererConfig(int httpPort, KafkaSettings kafka, int partitions, short replication, StorageSettings storage,
                             Path bundle, Device device) {

    public static RendererConfig from(JsonObject config) {
        JsonObject kafka = config.getJsonObject("kafka", new JsonObject());
        JsonObject model = config.getJsonObject("model", new JsonObject());
        String bundle = model.getString("bundle", "");
        return new RendererConfig(
                config.getJsonObject("http", new JsonObject()).getInteger("port", 8080),
                KafkaSettings.fromMap(kafka.getMap()),
                kafka.getInteger("partitions", 3),
                kafka.getInteger("replication", 1).shortValue(),
                StorageSettings.fromMap(config.getJsonObject("s3", new JsonObject()).getMap()),
                bundle.isBlank() ? Bundles.locate("renderer") : Path.of(bundle),
                Device.valueOf(model.getString("device", "auto").trim().toUpperCase(Locale.ROOT)));
    }
}
