package io.editstream.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.editstream.embedded.EmbeddedS3;
import io.editstream.events.ImageRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Claim-check storage against a real S3 endpoint in this JVM (S3Proxy, AWS v4 signatures). */
class ObjectStoreIT extends ObjectStoreChecks {
    static EmbeddedS3 s3;
    static ObjectStore store;

    @BeforeAll
    static void start() {
        s3 = EmbeddedS3.startTransient();
        store = ObjectStore.connect(storageOnly(new StorageSettings(s3.endpoint(), s3.accessKey(), s3.secretKey(), "test-bucket", null)));
        store.ensureBucket();
        store.ensureBucket(); // a second call finds the bucket and leaves it alone
    }

    @AfterAll
    static void stop() {
        store.close();
        s3.close();
    }

    @Override
    protected ObjectStore store() {
        return store;
    }

    @Override
    protected StorageSettings settings() {
        return new StorageSettings(s3.endpoint(), s3.accessKey(), s3.secretKey(), "test-bucket", null);
    }

    @Test
    void oneInstanceServesConcurrentStageThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = IntStream.range(0, 24).mapToObj(i -> pool.submit(() -> {
                byte[] bytes = ("object " + i).repeat(100 + i).getBytes(StandardCharsets.UTF_8);
                ImageRef ref = store.putImage(ObjectKeys.source("default", "concurrent-" + i, "png"), bytes, "image/png", 1, 1);
                return java.util.Arrays.equals(store.getImage(ref), bytes);
            })).toList();
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void wrongCredentialsGiveAClearErrorNamingTheBucketAndEndpoint() {
        try (ObjectStore intruder = ObjectStore.connect(
                new StorageSettings(s3.endpoint(), s3.accessKey(), "wrong-secret", "test-bucket", null))) {
            assertThatThrownBy(intruder::ensureBucket).isInstanceOf(StorageException.class)
                    .hasMessageContaining("test-bucket").hasMessageContaining(s3.endpoint());
            assertThat(intruder.reachable()).isFalse();
        }
        assertThat(store.reachable()).isTrue();
    }

    @Test
    void aFilesystemEndpointKeepsObjectsAcrossRestarts(@TempDir Path dir) {
        byte[] bytes = "kept on disk".getBytes(StandardCharsets.UTF_8);
        ImageRef ref;
        try (EmbeddedS3 disk = EmbeddedS3.startFilesystem(dir, 0);
                ObjectStore first = ObjectStore.connect(settings(disk))) {
            first.ensureBucket();
            ref = first.putImage(ObjectKeys.result("default", "restart-1"), bytes, "image/png", 1, 1);
        }
        try (EmbeddedS3 disk = EmbeddedS3.startFilesystem(dir, 0);
                ObjectStore second = ObjectStore.connect(settings(disk))) {
            assertThat(second.getImage(ref)).isEqualTo(bytes);
        }
    }

    private static StorageSettings settings(EmbeddedS3 endpoint) {
        return new StorageSettings(endpoint.endpoint(), endpoint.accessKey(), endpoint.secretKey(), "disk-bucket", null);
    }
}
