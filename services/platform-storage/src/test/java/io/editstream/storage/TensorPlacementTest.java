package io.editstream.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.editstream.events.DType;
import io.editstream.events.TensorRef;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A tensor of at most the threshold travels inline; 0 keeps every tensor in storage. */
class TensorPlacementTest {
    @Test
    void tensorsUpToTheThresholdAreInline() {
        TensorPlacement placement = new TensorPlacement(64 * 1024);
        assertThat(placement.inline(2048)).isTrue();
        assertThat(placement.inline(64 * 1024)).isTrue();
        assertThat(placement.inline(64 * 1024 + 1)).isFalse();
    }

    @Test
    void zeroKeepsEveryTensorInStorage() {
        TensorPlacement off = new TensorPlacement(0);
        assertThat(off.inline(0)).isFalse();
        assertThat(off.inline(4)).isFalse();
        assertThatThrownBy(() -> new TensorPlacement(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theUriSaysInlineAndKeepsTheKey() {
        String uri = TensorPlacement.inlineUri("tenants/acme/requests/r/tensors/reasoner.bin");
        assertThat(uri).isEqualTo("inline:tenants/acme/requests/r/tensors/reasoner.bin");
        assertThat(TensorPlacement.isInline(uri)).isTrue();
        assertThat(TensorPlacement.isInline("s3://b/tenants/acme/requests/r/tensors/reasoner.bin")).isFalse();
        assertThat(TensorPlacement.isInline(null)).isFalse();
    }

    @Test
    void carriedBytesAreReadFromTheBuffersPositionNotItsBackingArray() {
        ByteBuffer slice = ByteBuffer.wrap(new byte[] {9, 9, 1, 2, 3, 4, 9}, 2, 4).slice();
        TensorRef ref = ref("inline:k", slice);
        assertThat(TensorPlacement.carried(ref)).containsExactly(1, 2, 3, 4);
        assertThat(TensorPlacement.carried(ref)).as("reading leaves the buffer as it was").containsExactly(1, 2, 3, 4);
    }

    @Test
    void anInlineRefWithoutBytesIsCorrupt() {
        assertThatThrownBy(() -> TensorPlacement.carried(ref("inline:tenants/acme/t.bin", null)))
                .isInstanceOf(CorruptObjectException.class).hasMessageContaining("inline:tenants/acme/t.bin");
    }

    static TensorRef ref(String uri, ByteBuffer inline) {
        return TensorRef.newBuilder().setUri(uri).setSha256("0".repeat(64)).setSizeBytes(4).setShape(List.of(1L))
                .setDtype(DType.FLOAT32).setInline(inline).build();
    }
}
