package io.editstream.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.editstream.events.DType;
import io.editstream.events.TensorRef;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A small tensor goes into its ref and comes back out of it, checked like an object: no storage is touched (the
 * store here points at a port nothing listens on), and a payload that does not match its SHA-256 is corrupt.
 */
class InlineTensorTest {
    private final ObjectStore store = ObjectStore.connect(new StorageSettings("http://127.0.0.1:9", "a", "b", "bucket",
            "us-east-1", null, 64, 0));

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aTensorAtTheThresholdRoundTripsInline() {
        byte[] data = new byte[64];
        data[7] = 42;
        TensorRef ref = store.putTensor(ObjectKeys.tensor("acme", "r", "reasoner"), data, new long[] {4, 4}, DType.FLOAT32);
        assertThat(ref.getUri()).isEqualTo("inline:tenants/acme/requests/r/tensors/reasoner.bin");
        assertThat(ref.getSizeBytes()).isEqualTo(64);
        assertThat(ref.getSha256()).isEqualTo(ObjectStore.sha256(data));
        assertThat(ref.getShape()).containsExactly(4L, 4L);
        assertThat(ref.getDtype()).isEqualTo(DType.FLOAT32);
        data[7] = 0;
        assertThat(store.getTensor(ref)).as("the ref holds its own copy").hasSize(64).contains(42);
        assertThat(TenantPrefix.violation("acme", ref.getUri())).isEmpty();
        assertThat(TenantPrefix.violation("globex", ref.getUri())).isPresent();
    }

    @Test
    void aTamperedOrTruncatedPayloadIsCorrupt() {
        TensorRef ref = store.putTensor(ObjectKeys.tensor("acme", "r", "enhancer"), new byte[8], new long[] {2}, DType.FLOAT32);
        TensorRef tampered = TensorRef.newBuilder(ref).setInline(ByteBuffer.wrap(new byte[] {0, 0, (byte) 0x80, 0x3f, 0, 0, 0, 0})).build();
        assertThatThrownBy(() -> store.getTensor(tampered)).isInstanceOf(CorruptObjectException.class)
                .hasMessageContainingAll(ref.getUri(), "SHA-256");
        TensorRef truncated = TensorRef.newBuilder(ref).setInline(ByteBuffer.wrap(new byte[4])).build();
        assertThatThrownBy(() -> store.getTensor(truncated)).isInstanceOf(CorruptObjectException.class).hasMessageContaining("4 bytes");
    }

    @Test
    void aLargerTensorIsNotInline() {
        // above the threshold it is uploaded: here that fails, there being no endpoint, which shows it was tried
        assertThatThrownBy(() -> store.putTensor(ObjectKeys.tensor("acme", "r", "big"), new byte[68], new long[] {17}, DType.FLOAT32))
                .hasStackTraceContaining("MinioClient.putObject");
    }
}
