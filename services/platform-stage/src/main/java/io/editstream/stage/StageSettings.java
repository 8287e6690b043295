package io.editstream.stage;

import io.editstream.kafka.KafkaSettings;
import io.editstream.onnx.Bundles;
import io.editstream.onnx.Device;
import io.editstream.storage.StorageSettings;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What every model stage reads from its merged config (defaults file, the models folder's editstream.json,
 * EDITSTREAM_CONFIG, environment, deployment config): HTTP port, broker, topic sizing, object storage, model bundle
 * and device. An empty {@code model.bundle} ({@code configuredBundle}) means the bundled model of the stage's default
 * name ({@code defaultBundle}), looked up only when {@link #bundle()} is asked for, so a stage that needs no bundle
 * of its own (the reasoner on its openai backend) starts from a models folder without one. {@code raw} keeps the
 * whole config for the stage's own sections.
 */
public record StageSettings(int httpPort, KafkaSettings kafka, int partitions, short replication,
                            StorageSettings storage, String configuredBundle, String defaultBundle, Device device,
                            JsonObject raw) {

    public static StageSettings from(JsonObject config, String defaultBundle) {
        JsonObject kafka = config.getJsonObject("kafka", new JsonObject());
        JsonObject model = config.getJsonObject("model", new JsonObject());
        String bundle = model.getString("bundle", "");
        return new StageSettings(
                config.getJsonObject("http", new JsonObject()).getInteger("port", 8080),
                KafkaSettings.fromMap(kafka.getMap()),
                kafka.getInteger("partitions", 3),
                kafka.getInteger("replication", 1).shortValue(),
                StorageSettings.fromMap(config.getJsonObject("s3", new JsonObject()).getMap()),
                bundle == null ? "" : bundle.trim(),
                defaultBundle,
                device(model.getString("device", "auto")),
                config);
    }

    /**
     * The stage's bundle folder: {@code model.bundle} (MODEL_BUNDLE) when set, else {@link Bundles#locate} of the
     * stage's default name, which fails naming the folder it looked in.
     */
    public Path bundle() {
        return configuredBundle.isEmpty() ? Bundles.locate(defaultBundle) : Path.of(configuredBundle);
    }

    /**
     * This process's stable member id in its consumer groups ({@code kafka.instanceId}, env KAFKA_INSTANCE_ID, e.g.
     * {@code diffusion-renderer-1}); empty = a dynamic member. A supervisor gives each replica its own.
     */
    public String instanceId() {
        return section("kafka").getString("instanceId", "").trim();
    }

    /**
     * The bundle a section names ({@code <section>.bundle}, e.g. {@code clip.bundle} of the scorer and the cue
     * extractor), or the stage's own {@link #bundle()} when it names none.
     */
    public Path sectionBundle(String section) {
        String configured = section(section).getString("bundle", "");
        // the stage's own bundle is looked up only when the section names none
        return orStageBundle(configured, configured == null || configured.isBlank() ? bundle() : null);
    }

    /** {@code configured} as a folder, or {@code stageBundle} when it is empty. */
    public static Path orStageBundle(String configured, Path stageBundle) {
        return configured == null || configured.isBlank() ? stageBundle : Path.of(configured.trim());
    }

    /** The stage's own config section ({@code {}} when absent). */
    public JsonObject section(String name) {
        return raw.getJsonObject(name, new JsonObject());
    }

    /**
     * The reasoner backend this config selects, {@code onnx} or {@code openai}: setting {@code reasoner.openai.url}
     * (REASONER_OPENAI_URL) selects {@code openai}, else {@code reasoner.backend} (default {@code onnx}). The
     * reasoner reads it to pick its model, the enhancer to pair the openai backend with its text-encoder mode.
     */
    public String reasonerBackend() {
        JsonObject reasoner = section("reasoner");
        String backend = reasoner.getString("backend", "onnx").trim().toLowerCase(Locale.ROOT);
        if (!backend.equals("onnx") && !backend.equals("openai")) {
            throw new IllegalArgumentException("reasoner.backend must be onnx or openai, was '" + backend + "'");
        }
        String url = reasoner.getJsonObject("openai", new JsonObject()).getString("url", "");
        return url != null && !url.isBlank() ? "openai" : backend;
    }

    static Device device(String name) {
        try {
            return Device.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model.device must be auto, cpu or cuda, was '" + name + "'", e);
        }
    }
}
