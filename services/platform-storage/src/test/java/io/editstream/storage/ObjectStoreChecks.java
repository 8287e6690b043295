package io.editstream.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.editstream.events.DType;
import io.editstream.events.ImageRef;
import io.editstream.events.TensorRef;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The claim-check rules every S3 endpoint must satisfy through {@link ObjectStore}; each subclass runs
 * them against one real endpoint (S3Proxy in-JVM, MinIO in a container), on a store that inlines no tensor and
 * caches no image, so that every read here is the endpoint's answer.
 */
abstract class ObjectStoreChecks {

    /** A connected store whose bucket exists, made with {@link #storageOnly}. */
    protected abstract ObjectStore store();

    /** The endpoint's settings, with the default inline threshold and image cache. */
    protected abstract StorageSettings settings();

    /** {@code settings} with neither inline tensors nor the image cache. */
    static StorageSettings storageOnly(StorageSettings settings) {
        return new StorageSettings(settings.endpoint(), settings.accessKey(), settings.secretKey(), settings.bucket(),
                settings.region(), settings.caFile(), 0, 0);
    }

    private static String id() {
        return "r-" + UUID.randomUUID();
    }

    @Test
    void imagesRoundTripWithTheirClaimCheck() throws Exception {
        byte[] png = "not really a png but bytes".getBytes(StandardCharsets.UTF_8);
        String id = id();
        ImageRef ref = store().putImage(ObjectKeys.source("default", id, "png"), png, "image/png", 64, 48);
        assertThat(ref.getUri()).isEqualTo("s3://" + store().bucket() + "/tenants/default/requests/" + id + "/source.png");
        assertThat(ref.getSizeBytes()).isEqualTo(png.length);
        assertThat(ref.getSha256()).isEqualTo(ObjectStore.sha256(png)).hasSize(64);
        assertThat(ref.getWidth()).isEqualTo(64);
        assertThat(ref.getHeight()).isEqualTo(48);
        assertThat(store().getImage(ref)).isEqualTo(png);
        assertThat(store().exists(ref.getUri())).isTrue();
    }

    @Test
    void openStreamsALargeObject() throws Exception {
        byte[] big = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(big);
        ImageRef ref = store().putImage(ObjectKeys.result("default", id()), big, "image/png", 1024, 768);
        try (InputStream in = store().open(ref.getUri())) {
            assertThat(ObjectStore.sha256(in.readAllBytes())).isEqualTo(ref.getSha256());
        }
    }

    @Test
    void tensorsKeepShapeAndTypeAndRefuseAWrongSize() {
        byte[] data = new byte[2 * 3 * 4];
        data[5] = 7;
        String id = id();
        TensorRef ref = store().putTensor(ObjectKeys.tensor("default", id, "reasoner"), data, new long[] {2, 3}, DType.FLOAT32);
        assertThat(ref.getShape()).containsExactly(2L, 3L);
        assertThat(ref.getDtype()).isEqualTo(DType.FLOAT32);
        assertThat(store().getTensor(ref)).isEqualTo(data);
        String bad = ObjectKeys.tensor("default", id, "bad");
        assertThatThrownBy(() -> store().putTensor(bad, new byte[5], new long[] {2, 3}, DType.FLOAT32))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 24 bytes, got 5");
        assertThat(store().exists(store().uri(bad))).as("a refused tensor is not written").isFalse();
    }

    @Test
    void aSmallTensorTravelsInlineAndNeverReachesTheBucket() {
        String key = ObjectKeys.tensor("default", id(), "reasoner");
        try (ObjectStore inlining = ObjectStore.connect(settings())) {
            TensorRef ref = inlining.putTensor(key, new byte[2048], new long[] {8, 64}, DType.FLOAT32);
            assertThat(ref.getUri()).isEqualTo("inline:" + key);
            assertThat(inlining.getTensor(ref)).hasSize(2048);
            assertThat(store().exists(store().uri(key))).isFalse();
            TensorRef big = inlining.putTensor(key, new byte[64 * 1024 + 4], new long[] {16 * 1024 + 1}, DType.FLOAT32);
            assertThat(big.getUri()).isEqualTo(store().uri(key));
            assertThat(big.getInline()).isNull();
            assertThat(store().getTensor(big)).hasSize(64 * 1024 + 4);
        }
    }

    @Test
    void aMissingObjectIsReportedAsMissingNamingItsUri() {
        String uri = store().uri(ObjectKeys.source("default", id(), "png"));
        assertThat(store().exists(uri)).isFalse();
        assertThatThrownBy(() -> store().get(uri)).isInstanceOf(MissingObjectException.class).hasMessageContaining(uri);
        assertThatThrownBy(() -> store().open(uri)).isInstanceOf(MissingObjectException.class).hasMessageContaining(uri);
    }

    @Test
    void aReplacedOrTruncatedObjectIsReportedAsCorrupt() {
        String key = ObjectKeys.result("default", id());
        ImageRef ref = store().putImage(key, new byte[] {1, 2, 3, 4}, "image/png", 1, 1);
        store().putImage(key, new byte[] {1, 2, 3}, "image/png", 1, 1);
        assertCorrupt(() -> store().getImage(ref), ref.getUri(), "3 bytes");
        store().putImage(key, new byte[] {9, 9, 9, 9}, "image/png", 1, 1);
        assertCorrupt(() -> store().getImage(ref), "SHA-256");
    }

    @Test
    void aTamperedTensorIsReportedAsCorrupt() {
        String key = ObjectKeys.tensor("default", id(), "enhancer");
        TensorRef ref = store().putTensor(key, new byte[8], new long[] {2}, DType.FLOAT32);
        store().putTensor(key, new byte[] {0, 0, (byte) 0x80, 0x3f, 0, 0, 0, 0}, new long[] {2}, DType.FLOAT32);
        assertCorrupt(() -> store().getTensor(ref), "SHA-256");
    }

    @Test
    void writingTheSameKeyTwiceIsIdempotent() {
        String key = ObjectKeys.tensor("default", id(), "enhancer");
        TensorRef first = store().putTensor(key, new byte[8], new long[] {2}, DType.FLOAT32);
        TensorRef second = store().putTensor(key, new byte[8], new long[] {2}, DType.FLOAT32);
        assertThat(second).isEqualTo(first);
        assertThat(store().getTensor(first)).hasSize(8);
    }

    @Test
    void aCachedImageIsServedOnlyAsTheBytesItsRefNames() {
        String key = ObjectKeys.source("default", id(), "png");
        ImageRef first;
        try (ObjectStore caching = ObjectStore.connect(settings())) {
            first = caching.putImage(key, new byte[] {1, 2, 3, 4}, "image/png", 1, 1);
            ImageRef second = store().putImage(key, new byte[] {5, 6, 7, 8}, "image/png", 1, 1);
            // the event naming the first upload gets exactly those bytes, the one naming the second the object now there
            assertThat(caching.getImage(first)).containsExactly(1, 2, 3, 4);
            assertThat(caching.getImage(second)).containsExactly(5, 6, 7, 8);
        }
        assertCorrupt(() -> store().getImage(first), "SHA-256");
    }

    /** The read fails as corrupt, its message naming each of {@code named}. */
    private static void assertCorrupt(ThrowingCallable read, String... named) {
        assertThatThrownBy(read).isInstanceOf(CorruptObjectException.class).hasMessageContainingAll(named);
    }
}
