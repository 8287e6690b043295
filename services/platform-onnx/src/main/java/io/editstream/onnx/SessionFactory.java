package io.editstream.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.EnumSet;

/**
 * Opens an ONNX Runtime session with the execution provider the device asks for. CUDA is tried only
 * when the runtime build lists it and the device is AUTO or CUDA; if adding the provider or creating
 * the session with it fails (no driver, missing cuDNN), the session is opened on CPU instead and the
 * reason is kept for the load log line, so a stage never dies just because its GPU is absent.
 */
final class SessionFactory {

    /** The opened session, the provider it got, and why it is on CPU when CUDA was wanted (else null). */
    record Opened(OrtSession session, String provider, String cpuReason) {
    }

    private SessionFactory() {
    }

    static Opened open(OrtEnvironment env, Path file, Device device, int intraOpThreads) {
        String cpuReason = null;
        if (device != Device.CPU) {
            EnumSet<OrtProvider> available = OrtEnvironment.getAvailableProviders();
            if (!available.contains(OrtProvider.CUDA)) {
                cpuReason = device + " requested but this ONNX Runtime build has no CUDA provider (available: "
                        + available + "; build with -Pgpu for onnxruntime_gpu)";
            } else {
                try {
                    return new Opened(create(env, file, intraOpThreads, true), "CUDA", null);
                } catch (OrtException | RuntimeException e) {
                    cpuReason = device + " requested but the CUDA provider failed: " + e.getMessage();
                }
            }
        }
        try {
            return new Opened(create(env, file, intraOpThreads, false), "CPU", cpuReason);
        } catch (OrtException e) {
            throw new BundleException("ONNX model " + file + " cannot be loaded by ONNX Runtime ("
                    + e.getMessage() + "); expected a valid ONNX graph", e);
        }
    }

    private static OrtSession create(OrtEnvironment env, Path file, int threads, boolean cuda) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (cuda) {
                options.addCUDA(0);
            }
            return env.createSession(file.toString(), options);
        }
    }
}
