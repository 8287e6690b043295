package io.editstream.onnx;

/**
 * A model bundle or model file that cannot be used as configured: missing folder, manifest or file,
 * malformed manifest, or an ONNX file ONNX Runtime refuses. The message always names the path and
 * what was expected there, so a misconfigured deployment is fixed from the log line alone.
 */
public class BundleException extends RuntimeException {

    public BundleException(String message) {
        super(message);
    }

    public BundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
