package io.editstream.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.editstream.embedded.EmbeddedS3;
import io.editstream.events.DType;
import io.editstream.events.ImageRef;
import io.editstream.events.TensorRef;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Claim-check storage against a real S3 endpoint (S3Proxy speaking the S3 protocol with v4 signatures). */
class ObjectStoreIT {
    static EmbeddedS3 s3;
    static ObjectStore store;

    @BeforeAll
    static void start() {
        s3 = EmbeddedS3.startTransient();
        store = ObjectStore.connect(new StorageSettings(s3.endpoint(), s3.accessKey(), s3.secretKey(), "test-bucket", null));
        store.ensureBucket();
        store.ensureBucket(); // idempotent
    }

    @AfterAll
    static void stop() {
        store.close();
        s3.close();
    }

    @Test
    void imagesRoundTripWithTheirClaimCheck() throws Exception {
        byte[] png = "not really a png but bytes".getBytes(StandardCharsets.UTF_8);
        ImageRef ref = store.putImage(ObjectKeys.source("r1", "png"), png, "image/png", 64, 48);
        assertThat(ref.getUri()).isEqualTo("s3://test-bucket/requests/r1/source.png");
        assertThat(ref.getSizeBytes()).isEqualTo(png.length);
        assertThat(ref.getSha256()).isEqualTo(ObjectStore.sha256(png)).hasSize(64);
        assertThat(store.getImage(ref)).isEqualTo(png);
        assertThat(store.exists(ref.getUri())).isTrue();
        try (InputStream in = store.open(ref.getUri())) {
            assertThat(in.readAllBytes()).isEqualTo(png);
        }
    }

    @Test
    void tensorsKeepShapeAndTypeAndRefuseAWrongSize() {
        byte[] data = new byte[2 * 3 * 4];
        data[5] = 7;
        TensorRef ref = store.putTensor(ObjectKeys.tensor("r2", "reasoner"), data, new long[] {2, 3}, DType.FLOAT32);
        assertThat(ref.getShape()).containsExactly(2L, 3L);
        assertThat(store.getTensor(ref)).isEqualTo(data);
        assertThatThrownBy(() -> store.putTensor("tensors/r2/bad.bin", new byte[5], new long[] {2, 3}, DType.FLOAT32))
                .hasMessageContaining("needs 24 bytes, got 5");
    }

    @Test
    void aMissingObjectIsReportedAsMissing() {
        String uri = store.uri("requests/nope/source.png");
        assertThat(store.exists(uri)).isFalse();
        assertThatThrownBy(() -> store.get(uri)).isInstanceOf(MissingObjectException.class).hasMessageContaining(uri);
    }

    @Test
    void aReplacedOrTruncatedObjectIsReportedAsCorrupt() {
        String key = ObjectKeys.result("r3");
        ImageRef ref = store.putImage(key, new byte[] {1, 2, 3, 4}, "image/png", 1, 1);
        store.putImage(key, new byte[] {1, 2, 3}, "image/png", 1, 1);
        assertThatThrownBy(() -> store.getImage(ref)).isInstanceOf(CorruptObjectException.class)
                .hasMessageContaining("3 bytes");
        store.putImage(key, new byte[] {9, 9, 9, 9}, "image/png", 1, 1);
        assertThatThrownBy(() -> store.getImage(ref)).isInstanceOf(CorruptObjectException.class)
                .hasMessageContaining("SHA-256");
    }

    @Test
    void writingTheSameKeyTwiceLeavesOneObject() {
        String key = ObjectKeys.tensor("r4", "enhancer");
        TensorRef first = store.putTensor(key, new byte[8], new long[] {2}, DType.FLOAT32);
        TensorRef second = store.putTensor(key, new byte[8], new long[] {2}, DType.FLOAT32);
        assertThat(second).isEqualTo(first);
        assertThat(store.getTensor(first)).hasSize(8);
    }
}
