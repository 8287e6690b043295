package io.editstream.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A float32 tensor. Its byte form is float32 little-endian, row-major, with no header — exactly what
 * {@code ObjectStore.putTensor} stores next to the shape, so tensors cross stages without a codec.
 * Equality compares shape and values, not array identity.
 */
public record FloatTensor(long[] shape, float[] data) implements Tensor {

    public FloatTensor {
        if (data == null) {
            throw new IllegalArgumentException("tensor data is null");
        }
        Tensor.checkLength(shape, data.length);
    }

    /** Float32 little-endian bytes, row-major. */
    public byte[] toBytes() {
        ByteBuffer buffer = ByteBuffer.allocate(data.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(data);
        return buffer.array();
    }

    /** Inverse of {@link #toBytes()}; the byte count must match the shape. */
    public static FloatTensor fromBytes(long[] shape, byte[] littleEndian) {
        int count = Tensor.elementCount(shape);
        if (littleEndian == null || littleEndian.length != count * Float.BYTES) {
            throw new IllegalArgumentException("float32 tensor of shape " + Arrays.toString(shape) + " needs "
                    + count * Float.BYTES + " bytes but got " + (littleEndian == null ? "null" : littleEndian.length));
        }
        float[] values = new float[count];
        ByteBuffer.wrap(littleEndian).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return new FloatTensor(shape.clone(), values);
    }

    /** Size of dimension {@code axis} as an int (negative axes count from the end). */
    public int dim(int axis) {
        return (int) shape[axis < 0 ? shape.length + axis : axis];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FloatTensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "FloatTensor" + Arrays.toString(shape);
    }
}
