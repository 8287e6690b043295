package io.editstream.testing;

import io.editstream.kafka.KafkaSettings;
import io.editstream.storage.StorageSettings;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The production-like variant of {@link TestInfra}: Kafka and MinIO in containers (Testcontainers),
 * for tests annotated {@code @Testcontainers(disabledWithoutDocker = true)} so they are skipped cleanly
 * on machines without a Docker engine.
 */
public final class ContainerInfra implements AutoCloseable {
    public static final String KAFKA_IMAGE = "apache/kafka:4.1.0";
    public static final String MINIO_IMAGE = "minio/minio:RELEASE.2025-04-22T22-12-26Z";

    private final KafkaContainer kafka;
    private final MinIOContainer minio;

    private ContainerInfra(KafkaContainer kafka, MinIOContainer minio) {
        this.kafka = kafka;
        this.minio = minio;
    }

    /** Starts both containers; call only where Docker is available. */
    public static ContainerInfra start() {
        KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE)
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1");
        MinIOContainer minio = new MinIOContainer(MINIO_IMAGE);
        kafka.start();
        minio.start();
        return new ContainerInfra(kafka, minio);
    }

    public KafkaSettings kafkaSettings() {
        return KafkaSettings.of(kafka.getBootstrapServers());
    }

    public StorageSettings storageSettings(String bucket) {
        return new StorageSettings(minio.getS3URL(), minio.getUserName(), minio.getPassword(), bucket, "us-east-1");
    }

    @Override
    public void close() {
        minio.stop();
        kafka.stop();
    }
}
