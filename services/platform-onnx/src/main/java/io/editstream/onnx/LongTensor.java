package io.editstream.onnx;

import java.util.Arrays;

/**
 * An int64 tensor, used for token ids and attention masks. Equality compares shape and values, not
 * array identity.
 */
public record LongTensor(long[] shape, long[] data) implements Tensor {

    public LongTensor {
        if (data == null) {
            throw new IllegalArgumentException("tensor data is null");
        }
        Tensor.checkLength(shape, data.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LongTensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "LongTensor" + Arrays.toString(shape) + Arrays.toString(data);
    }
}
