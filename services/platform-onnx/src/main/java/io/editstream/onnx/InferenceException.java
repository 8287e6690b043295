package io.editstream.onnx;

/**
 * ONNX Runtime failed while running a loaded model. It wraps the {@code OrtException} so callers
 * never depend on {@code ai.onnxruntime} types; the message names the model file.
 */
public class InferenceException extends RuntimeException {

    public InferenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
