package io.editstream.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.util.Arrays;

/**
 * Converts between our Java tensors and ONNX Runtime tensors for the element types the bundles use:
 * FLOAT, FLOAT16 and BFLOAT16 from {@link FloatTensor} (rounded on the way in), INT64 and INT32 from
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
            case BFLOAT16 -> OnnxTensor.createTensor(env, ShortBuffer.wrap(Fp16.encodeBf16(((FloatTensor) tensor).data())),
                    shape, OnnxJavaType.BFLOAT16);
            case INT64 -> OnnxTensor.createTensor(env, LongBuffer.wrap(((LongTensor) tensor).data()), shape);
            case INT32 -> OnnxTensor.createTensor(env,
                    IntBuffer.wrap(Arrays.stream(((LongTensor) tensor).data()).mapToInt(Math::toIntExact).toArray()), shape);
            default -> throw new IllegalStateException("unsupported input type " + type);
        };
    }

    /** Whether a Java tensor of this class can feed an input of this element type. */
    static boolean accepts(OnnxJavaType type, Tensor tensor) {
        return switch (type) {
            case FLOAT, FLOAT16, BFLOAT16 -> tensor instanceof FloatTensor;
            case INT64, INT32 -> tensor instanceof LongTensor;
            default -> false;
        };
    }

    static FloatTensor toJava(OnnxTensor tensor) {
        TensorInfo info = tensor.getInfo();
        long[] shape = info.getShape();
        float[] values = switch (info.type) {
            case FLOAT -> widen(shape, tensor.getFloatBuffer()::get);
            case FLOAT16 -> Fp16.decode(copy(tensor.getShortBuffer()));
            case BFLOAT16 -> Fp16.decodeBf16(copy(tensor.getShortBuffer()));
            case DOUBLE -> {
                DoubleBuffer d = tensor.getDoubleBuffer();
                yield widen(shape, i -> (float) d.get(i));
            }
            case INT64 -> {
                LongBuffer l = tensor.getLongBuffer();
                yield widen(shape, i -> l.get(i));
            }
            case INT32 -> {
                IntBuffer n = tensor.getIntBuffer();
                yield widen(shape, i -> n.get(i));
            }
            default -> throw new IllegalStateException("unsupported output type " + info.type);
        };
        return new FloatTensor(shape, values);
    }

    /** Reads element {@code i} of a native output as float32. */
    private interface FloatAt {
        float at(int i);
    }

    /** The output's elements as float32, each converted as a Java cast from its own type would. */
    private static float[] widen(long[] shape, FloatAt element) {
        float[] f = new float[Tensor.elementCount(shape)];
        for (int i = 0; i < f.length; i++) {
            f[i] = element.at(i);
        }
        return f;
    }

    private static short[] copy(ShortBuffer buffer) {
        short[] out = new short[buffer.remaining()];
        buffer.get(out);
        return out;
    }
}
