package io.editstream.testing;

import io.editstream.embedded.EmbeddedKafka;
import io.editstream.embedded.EmbeddedS3;
import io.editstream.kafka.KafkaSettings;
import io.editstream.storage.ObjectStore;
import io.editstream.storage.StorageSettings;

/**
 * One real Kafka broker (in-JVM KRaft) and one real S3 endpoint (S3Proxy) per test JVM, started on
 * first use and stopped by a shutdown hook, so integration tests share them instead of paying the
 * start-up for every class. Tests isolate themselves with unique request ids, group ids and buckets.
 */
public final class TestInfra {
    private static EmbeddedKafka kafka;
    private static EmbeddedS3 s3;

    private TestInfra() {
    }

    public static synchronized EmbeddedKafka kafka() {
        if (kafka == null) {
            kafka = EmbeddedKafka.start();
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "test-kafka-stop"));
        }
        return kafka;
    }

    public static synchronized EmbeddedS3 s3() {
        if (s3 == null) {
            s3 = EmbeddedS3.startTransient();
            Runtime.getRuntime().addShutdownHook(new Thread(s3::close, "test-s3-stop"));
        }
        return s3;
    }

    public static KafkaSettings kafkaSettings() {
        return KafkaSettings.of(kafka().bootstrapServers());
    }

    public static StorageSettings storageSettings(String bucket) {
        EmbeddedS3 endpoint = s3();
        return new StorageSettings(endpoint.endpoint(), endpoint.accessKey(), endpoint.secretKey(), bucket, "us-east-1");
    }

    /** A store on the shared endpoint with {@code bucket} created; the caller closes it. */
    public static ObjectStore objectStore(String bucket) {
        ObjectStore store = ObjectStore.connect(storageSettings(bucket));
        store.ensureBucket();
        return store;
    }
}
