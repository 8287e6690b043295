package io.editstream.testing;

import io.editstream.embedded.EmbeddedKafka;
import io.editstream.embedded.EmbeddedS3;
import io.editstream.kafka.KafkaSettings;
import io.editstream.storage.ObjectStore;
import io.editstream.storage.StorageSettings;

/**
 * One real Kafka broker (in-JVM KRaft) and one real S3 endpoint (S3Proxy) per test JVM, started on
 * first use, so integration tests share them instead of paying the start-up for every class. They are
 * stopped when the test plan ends ({@link TestInfraCloser}), before the test JVM exits, and within a
 * bounded time: a broker still closing while the JVM exits made the test fork end in error. Tests isolate
 * themselves with unique request ids, group ids and buckets.
 */
public final class TestInfra {
    private static EmbeddedKafka kafka;
    private static EmbeddedS3 s3;

    private TestInfra() {
    }

    public static synchronized EmbeddedKafka kafka() {
        if (kafka == null) {
            kafka = EmbeddedKafka.start();
            registerFallbackHook();
        }
        return kafka;
    }

    public static synchronized EmbeddedS3 s3() {
        if (s3 == null) {
            s3 = EmbeddedS3.startTransient();
            registerFallbackHook();
        }
        return s3;
    }

    /** Stops whatever was started, waiting at most 20 s; safe to call more than once. */
    public static synchronized void closeAll() {
        AutoCloseable[] started = {kafka, s3};
        kafka = null;
        s3 = null;
        Thread closer = new Thread(() -> {
            for (AutoCloseable c : started) {
                try {
                    if (c != null) {
                        c.close();
                    }
                } catch (Exception e) {
                    // the JVM is about to end; nothing depends on a clean close any more
                }
            }
        }, "test-infra-stop");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(20_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean hooked;

    /** For runners without the JUnit listener: close at JVM exit. */
    private static void registerFallbackHook() {
        if (!hooked) {
            hooked = true;
            Runtime.getRuntime().addShutdownHook(new Thread(TestInfra::closeAll, "test-infra-exit"));
        }
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
