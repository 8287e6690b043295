package io.editstream.onnx;

import java.util.Locale;

/**
 * Where a model runs. AUTO takes the CUDA execution provider when this ONNX Runtime build has it and
 * it can be added, else CPU; CUDA asks for it explicitly (still falling back to CPU, with a warning,
 * so a stage without a GPU keeps working); CPU never touches CUDA.
 */
public enum Device {
    AUTO, CPU, CUDA;

    /** Parses a config value such as {@code "auto"}, {@code "cpu"} or {@code "cuda"}; blank means AUTO. */
    public static Device parse(String value) {
        if (value == null || value.isBlank()) {
            return AUTO;
        }
        String v = value.trim().toUpperCase(Locale.ROOT);
        if (v.equals("GPU")) {
            return CUDA;
        }
        try {
            return valueOf(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown model device '" + value + "': expected auto, cpu or cuda", e);
        }
    }
}
