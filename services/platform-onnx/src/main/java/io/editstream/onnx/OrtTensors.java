package io.editstream.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;

/**
 * Converts between our Java tensors and ONNX Runtime tensors for the element types the bundles use:
 * FLOAT and FLOAT16 from {@link FloatTensor} (fp16 rounded on the way in), INT64 and INT32 from
 * {@link LongTensor}; every numeric output comes back as float32. The caller owns and closes the
 * native tensors it gets.
 */
final class OrtTensors {

    private OrtTensors() {
    }

    static OnnxTensor toNative(OrtEnvironment env, Tensor tensor, OnnxJavaType type) throws OrtException {
        long[] shape = tensor.shape();
        return switch (type) {
            case FLOAT -> OnnxTensor.createTensor(env, FloatBuffer.wrap(((FloatTensor) tensor).data()), shape);
            case FLOAT16 -> OnnxTensor.createTensor(env, ShortBuffer.wrap(Fp16.encode(((FloatTensor) tensor).data())),
                    shape, OnnxJavaType.FLOAT16);
            case INT64 -> OnnxTensor.createTensor(env, LongBuffer.wrap(((LongTensor) tensor).data()), shape);
            case INT32 -> OnnxTensor.createTensor(env, IntBuffer.wrap(toInts(((LongTensor) tensor).data())), shape);
            default -> throw new IllegalStateException("unsupported input type " + type);
        };
    }

    /** Whether a Java tensor of this class can feed an input of this element type. */
    static boolean accepts(OnnxJavaType type, Tensor tensor) {
        return switch (type) {
            case FLOAT, FLOAT16 -> tensor instanceof FloatTensor;
            case INT64, INT32 -> tensor instanceof LongTensor;
            default -> false;
        };
    }

    static FloatTensor toJava(OnnxTensor tensor) {
        TensorInfo info = tensor.getInfo();
        long[] shape = info.getShape();
        float[] values = switch (info.type) {
            case FLOAT -> copy(tensor.getFloatBuffer());
            case FLOAT16 -> Fp16.decode(copy(tensor.getShortBuffer()));
            case DOUBLE -> {
                double[] d = new double[Tensor.elementCount(shape)];
                tensor.getDoubleBuffer().get(d);
                float[] f = new float[d.length];
                for (int i = 0; i < d.length; i++) {
                    f[i] = (float) d[i];
                }
                yield f;
            }
            case INT64 -> {
                long[] l = new long[Tensor.elementCount(shape)];
                tensor.getLongBuffer().get(l);
                float[] f = new float[l.length];
                for (int i = 0; i < l.length; i++) {
                    f[i] = l[i];
                }
                yield f;
            }
            case INT32 -> {
                int[] n = new int[Tensor.elementCount(shape)];
                tensor.getIntBuffer().get(n);
                float[] f = new float[n.length];
                for (int i = 0; i < n.length; i++) {
                    f[i] = n[i];
                }
                yield f;
            }
            default -> throw new IllegalStateException("unsupported output type " + info.type);
        };
        return new FloatTensor(shape, values);
    }

    private static float[] copy(FloatBuffer buffer) {
        float[] out = new float[buffer.remaining()];
        buffer.get(out);
        return out;
    }

    private static short[] copy(ShortBuffer buffer) {
        short[] out = new short[buffer.remaining()];
        buffer.get(out);
        return out;
    }

    private static int[] toInts(long[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.toIntExact(values[i]);
        }
        return out;
    }
}
