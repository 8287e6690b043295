package io.editstream.local;

import io.editstream.kafka.KafkaSettings;
import io.editstream.storage.StorageSettings;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How to bring a whole pipeline up in one JVM: where its data lives, which gateway port to serve, the
 * embedded broker's and S3 endpoint's ports and credentials ({@link EmbeddedInfra.Settings}: 0 and empty mean
 * "as at the last start on this data folder"), optionally an external broker and S3 endpoint to use instead
 * of the embedded ones, and settings every stage gets on top of its own ({@code stageConfig}, merged into each
 * deployment config, the strongest layer: e.g. {@code {"reasoner": {"openai": {"url": …}}}}, as
 * REASONER_OPENAI_URL would set it).
 */
public record StackOptions(Path dataDir, int gatewayPort, int partitions, String bucket,
                           Optional<KafkaSettings> externalKafka, Optional<StorageSettings> externalS3,
                           long joinWindowMs, EmbeddedInfra.Settings infra, JsonObject stageConfig) {

    public static final String DEFAULT_BUCKET = "editstream";

    public StackOptions {
        infra = infra == null ? EmbeddedInfra.Settings.remembered() : infra;
        stageConfig = stageConfig == null ? new JsonObject() : stageConfig.copy();
    }

    public static StackOptions embedded(Path dataDir, int gatewayPort) {
        return new StackOptions(dataDir, gatewayPort, 3, DEFAULT_BUCKET, Optional.empty(), Optional.empty(), 60_000,
                EmbeddedInfra.Settings.remembered(), new JsonObject());
    }

    public StackOptions withExternal(KafkaSettings kafka, StorageSettings s3) {
        return new StackOptions(dataDir, gatewayPort, partitions, s3.bucket(), Optional.of(kafka), Optional.of(s3), joinWindowMs,
                infra, stageConfig);
    }

    public StackOptions withJoinWindowMs(long windowMs) {
        return new StackOptions(dataDir, gatewayPort, partitions, bucket, externalKafka, externalS3, windowMs, infra, stageConfig);
    }

    public StackOptions withPartitions(int count) {
        return new StackOptions(dataDir, gatewayPort, count, bucket, externalKafka, externalS3, joinWindowMs, infra, stageConfig);
    }

    public StackOptions withInfra(EmbeddedInfra.Settings settings) {
        return new StackOptions(dataDir, gatewayPort, partitions, bucket, externalKafka, externalS3, joinWindowMs, settings, stageConfig);
    }

    /** These settings for every stage, over everything else (deep-merged into each deployment config). */
    public StackOptions withStageConfig(JsonObject config) {
        return new StackOptions(dataDir, gatewayPort, partitions, bucket, externalKafka, externalS3, joinWindowMs, infra, config);
    }
}
