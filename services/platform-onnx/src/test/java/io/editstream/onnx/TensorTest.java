package io.editstream.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Tensor records: shape checks and the little-endian byte form stored in S3. */
class TensorTest {

    @Test
    void floatTensorBytesAreLittleEndianAndRoundTrip() {
        FloatTensor t = new FloatTensor(new long[] {1, 2}, new float[] {1f, -2.5f});
        byte[] bytes = t.toBytes();
        assertThat(bytes).containsExactly(0, 0, (byte) 0x80, 0x3f, 0, 0, 0x20, (byte) 0xc0);
        assertThat(FloatTensor.fromBytes(new long[] {1, 2}, bytes)).isEqualTo(t);
    }

    @Test
    void shapeMustMatchTheData() {
        assertThatThrownBy(() -> new FloatTensor(new long[] {2, 3}, new float[5]))
                .hasMessageContaining("[2, 3] needs 6 values but 5 were given");
        assertThatThrownBy(() -> new LongTensor(new long[] {-1, 3}, new long[3]))
                .hasMessageContaining("negative dimension");
        assertThatThrownBy(() -> FloatTensor.fromBytes(new long[] {3}, new byte[8]))
                .hasMessageContaining("needs 12 bytes but got 8");
    }

    @Test
    void equalityComparesContentNotArrays() {
        assertThat(new LongTensor(new long[] {2}, new long[] {1, 2}))
                .isEqualTo(new LongTensor(new long[] {2}, new long[] {1, 2}))
                .isNotEqualTo(new LongTensor(new long[] {2}, new long[] {1, 3}));
        assertThat(new FloatTensor(new long[] {2, 1}, new float[2]).dim(-2)).isEqualTo(2);
    }

    @Test
    void deviceParsesConfigValues() {
        assertThat(Device.parse("auto")).isEqualTo(Device.AUTO);
        assertThat(Device.parse(" CUDA ")).isEqualTo(Device.CUDA);
        assertThat(Device.parse(null)).isEqualTo(Device.AUTO);
        assertThatThrownBy(() -> Device.parse("tpu")).hasMessageContaining("expected auto, cpu or cuda");
    }
}
