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
 * The enhancer's settings from the merged service config. {@code join.windowMs} is how long one half of a
 * request (guidance or cues) waits for the other before the request fails; {@code fusion.maxAttempts} and
 * {@code fusion.retryBackoffMs} bound the retries of a fusion that fails for a reason other than bad input;
 * {@code fusion.mode} is {@code learned} (the bundle's fusion.onnx) or {@code text_encoder} (the explicit
 * instruction through the CLIP text encoder of an Optimum export, for full-size InstructPix2Pix renderers);
 * an empty {@code model.bundle} means the bundled {@code enhancer} model, an empty {@code streams.stateDir}
 * a folder under the system temp directory.
 */
public record EnhancerConfig(int httpPort, KafkaSettings kafka, int partitions, short replication,
                             StorageSettings storage, Path bundle, Device device, Duration joinWindow,
                             int fusionAttempts, Duration fusionBackoff, String applicationId, Path stateDir,
                             String fusionMode) {

    /** The shortest punctuation interval: below it the scans of the pending stores would cost more than they help. */
    static final Duration MIN_SWEEP = Duration.ofMillis(100);
    /** fusion.mode: the bundle's learned fusion.onnx (default) or the CLIP text encoder of an Optimum export. */
    public static final String LEARNED = "learned";
    public static final String TEXT_ENCODER = "text_encoder";

    public EnhancerConfig {
        if (joinWindow.isNegative() || joinWindow.isZero()) {
            throw new IllegalArgumentException("join.windowMs must be positive, got " + joinWindow.toMillis());
        }
        if (fusionAttempts < 1) {
            throw new IllegalArgumentException("fusion.maxAttempts must be at least 1, got " + fusionAttempts);
        }
        if (!fusionMode.equals(LEARNED) && !fusionMode.equals(TEXT_ENCODER)) {
            throw new IllegalArgumentException("fusion.mode must be " + LEARNED + " or " + TEXT_ENCODER + ", got '" + fusionMode + "'");
        }
        if (applicationId == null || applicationId.isBlank()) {
            throw new IllegalArgumentException("streams.applicationId must not be empty");
        }
    }

    public static EnhancerConfig from(JsonObject config) {
        JsonObject kafka = config.getJsonObject("kafka", new JsonObject());
        JsonObject model = config.getJsonObject("model", new JsonObject());
        JsonObject join = config.getJsonObject("join", new JsonObject());
        JsonObject fusion = config.getJsonObject("fusion", new JsonObject());
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
                Duration.ofMillis(join.getLong("windowMs", 60_000L)),
                fusion.getInteger("maxAttempts", 3),
                Duration.ofMillis(fusion.getLong("retryBackoffMs", 200L)),
                streams.getString("applicationId", "enhancer"),
                stateDir.isBlank() ? Path.of(System.getProperty("java.io.tmpdir"), "editstream-enhancer-streams")
                        : Path.of(stateDir),
                fusion.getString("mode", LEARNED).trim().toLowerCase(Locale.ROOT));
    }

    public boolean textEncoderMode() {
        return fusionMode.equals(TEXT_ENCODER);
    }

    /** How often pending halves are checked against the window: a tenth of it, but never under 100 ms. */
    public Duration sweepInterval() {
        Duration tenth = joinWindow.dividedBy(10);
        return tenth.compareTo(MIN_SWEEP) < 0 ? MIN_SWEEP : tenth;
    }
}
