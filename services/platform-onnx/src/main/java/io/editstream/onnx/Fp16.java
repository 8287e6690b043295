package io.editstream.onnx;

import ai.onnxruntime.platform.Fp16Conversions;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;

/**
 * IEEE 754 half-precision conversion for models exported in fp16 (common for GPU renderers): values
 * are rounded to the nearest half (ties to even), so anything exactly representable in fp16 round-trips
 * unchanged, out-of-range magnitudes become ±infinity and NaN stays NaN; and bfloat16 (float32's exponent with
 * 7 mantissa bits, as FLUX checkpoints ship), rounded likewise. Delegates to ONNX Runtime's own converters so
 * Java and native code round identically.
 */
public final class Fp16 {

    private Fp16() {
    }

    /** float32 values to fp16 bit patterns. */
    public static short[] encode(float[] values) {
        short[] out = new short[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Fp16Conversions.floatToFp16(values[i]);
        }
        return out;
    }

    /** fp16 bit patterns to float32 values (exact: every half is a float). */
    public static float[] decode(short[] halves) {
        float[] out = new float[halves.length];
        for (int i = 0; i < halves.length; i++) {
            out[i] = Fp16Conversions.fp16ToFloat(halves[i]);
        }
        return out;
    }

    /** float32 values to bfloat16 bit patterns. */
    public static short[] encodeBf16(float[] values) {
        ShortBuffer bits = Fp16Conversions.convertFloatBufferToBf16Buffer(FloatBuffer.wrap(values));
        short[] out = new short[values.length];
        bits.get(out);
        return out;
    }

    /** bfloat16 bit patterns to float32 values (exact). */
    public static float[] decodeBf16(short[] halves) {
        FloatBuffer values = Fp16Conversions.convertBf16BufferToFloatBuffer(ShortBuffer.wrap(halves));
        float[] out = new float[halves.length];
        values.get(out);
        return out;
    }
}
