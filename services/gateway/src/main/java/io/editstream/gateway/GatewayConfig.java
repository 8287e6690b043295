package io.editstream.gateway;

import io.editstream.auth.AuthSettings;
import io.editstream.auth.QuotaSettings;
import io.editstream.kafka.KafkaSettings;
import io.editstream.storage.StorageSettings;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/**
 * Everything the gateway needs to know, read once from the layered service config: HTTP port, Kafka and
 * S3 settings, the upload limits (20 MB per image, 4096×4096 and 4096² pixels, 500-character
 * instructions unless configured) and the status view's Kafka Streams application id, state dir
 * ({@code streamsStateDir} null = a fresh temporary folder, rebuilt from the changelog on start) and the host
 * other gateway replicas reach this one's HTTP port at ({@code streams.advertisedHost}, default localhost; it
 * becomes {@code application.server} with the port, for interactive queries across replicas), and the replica's
 * stable member id ({@code kafka.instanceId}, {@code KAFKA_INSTANCE_ID}; empty = a dynamic member); who may call it
 * ({@code auth}) and each tenant's quotas ({@code quotas}).
 */
public record GatewayConfig(int httpPort, KafkaSettings kafka, int partitions, short replication, StorageSettings storage,
                           UploadLimits limits, String streamsApplicationId, Path streamsStateDir, String advertisedHost,
                           String instanceId, AuthSettings auth, QuotaSettings quotas) {

    /** Upload limits, checked before anything is decoded or stored. */
    public record UploadLimits(long maxUploadBytes, int maxWidth, int maxHeight, long maxPixels, int maxInstructionChars) {
        public static UploadLimits defaults() {
            return new UploadLimits(20L * 1024 * 1024, 4096, 4096, 4096L * 4096, 500);
        }
    }

    public static GatewayConfig from(JsonObject config) {
        JsonObject http = config.getJsonObject("http", new JsonObject());
        JsonObject kafka = config.getJsonObject("kafka", new JsonObject());
        JsonObject limits = config.getJsonObject("limits", new JsonObject());
        JsonObject streams = config.getJsonObject("streams", new JsonObject());
        UploadLimits d = UploadLimits.defaults();
        String stateDir = streams.getString("stateDir");
        return new GatewayConfig(
                http.getInteger("port", 8080),
                KafkaSettings.fromMap(kafka.getMap()),
                kafka.getInteger("partitions", 3),
                kafka.getInteger("replication", 1).shortValue(),
                StorageSettings.fromMap(config.getJsonObject("s3", new JsonObject()).getMap()),
                new UploadLimits(limits.getLong("maxUploadBytes", d.maxUploadBytes()), limits.getInteger("maxWidth", d.maxWidth()),
                        limits.getInteger("maxHeight", d.maxHeight()), limits.getLong("maxPixels", d.maxPixels()),
                        limits.getInteger("maxInstructionChars", d.maxInstructionChars())),
                streams.getString("applicationId", "gateway-status"),
                stateDir == null || stateDir.isBlank() ? null : Path.of(stateDir),
                streams.getString("advertisedHost", "localhost"),
                kafka.getString("instanceId", ""),
                AuthSettings.from(config.getJsonObject("auth")),
                QuotaSettings.from(config.getJsonObject("quotas")));
    }
}
