package io.editstream.onnx;

import java.util.Arrays;

/**
 * A dense row-major tensor handed to or returned from {@link OnnxModel}: plain Java arrays only, so
 * no native ONNX Runtime object ever outlives a call. The data length always equals the product of
 * the shape, checked on construction.
 */
public sealed interface Tensor permits FloatTensor, LongTensor {

    long[] shape();

    /** Number of elements the shape describes. */
    static int elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor shape " + Arrays.toString(shape) + " has a negative dimension");
            }
            n = Math.multiplyExact(n, d);
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor shape " + Arrays.toString(shape) + " is too large for one array");
        }
        return (int) n;
    }

    /** Throws unless {@code length} matches the shape; shared by both record constructors. */
    static void checkLength(long[] shape, int length) {
        if (shape == null) {
            throw new IllegalArgumentException("tensor shape is null");
        }
        int expected = elementCount(shape);
        if (expected != length) {
            throw new IllegalArgumentException("tensor shape " + Arrays.toString(shape) + " needs " + expected
                    + " values but " + length + " were given");
        }
    }
}
