package io.editstream.testing;

import io.editstream.kafka.KafkaSettings;
import io.editstream.storage.ObjectStore;
import io.editstream.storage.StorageSettings;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The production-like variant of {@link TestInfra}: the Apache Kafka broker image and MinIO in
 * containers (Testcontainers), giving the same settings types, for tests annotated
 * {@code @Testcontainers(disabledWithoutDocker = true)} so they are skipped cleanly without Docker.
 */
public record ContainerInfra(KafkaContainer kafka, MinIOContainer minio) implements AutoCloseable {
    /** The broker release the project's clients are pinned to. */
    public static final String KAFKA_IMAGE = "apache/kafka:4.3.1";
    public static final String MINIO_IMAGE = "minio/minio:RELEASE.2025-04-22T22-12-26Z";

    /** Starts both containers (call only where Docker is available); nothing is left running on failure. */
    public static ContainerInfra start() {
        // the same single-node settings as EmbeddedKafka, so both tiers see the same broker behaviour
        KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE)
                .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .withEnv("KAFKA_NUM_PARTITIONS", "3");
        MinIOContainer minio = new MinIOContainer(MINIO_IMAGE);
        try {
            kafka.start();
            minio.start();
        } catch (RuntimeException e) {
            minio.stop();
            kafka.stop();
            throw e;
        }
        return new ContainerInfra(kafka, minio);
    }

    public KafkaSettings kafkaSettings() {
        return KafkaSettings.of(kafka.getBootstrapServers());
    }

    public StorageSettings storageSettings(String bucket) {
        return new StorageSettings(minio.getS3URL(), minio.getUserName(), minio.getPassword(), bucket, "us-east-1");
    }

    /** A store on MinIO with {@code bucket} created; the caller closes it. */
    public ObjectStore objectStore(String bucket) {
        ObjectStore store = ObjectStore.connect(storageSettings(bucket));
        store.ensureBucket();
        return store;
    }

    @Override
    public void close() {
        try {
            minio.stop();
        } finally {
            kafka.stop();
        }
    }
}
