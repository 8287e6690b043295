package io.editstream.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ONNX graph in an ONNX Runtime session, on CUDA when the device allows and the provider works,
 * else on CPU (the load log line says which and why). Inputs are checked by name, element type, rank
 * and fixed dimensions before any native call, so a wrong caller gets a message naming the model file,
 * the input and the expected signature. Every native tensor and result of a call is closed before
 * {@link #run} returns; {@code run} is thread-safe, as ONNX Runtime sessions are.
 */
public final class OnnxModel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OnnxModel.class);

    private final Path file;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String provider;
    private final Map<String, TensorInfo> inputs;
    private final Map<String, TensorInfo> outputs;

    private OnnxModel(Path file, OrtEnvironment env, OrtSession session, String provider) throws OrtException {
        this.file = file;
        this.env = env;
        this.session = session;
        this.provider = provider;
        this.inputs = tensorInfos(file, session.getInputInfo());
        this.outputs = tensorInfos(file, session.getOutputInfo());
    }

    /** Loads with one intra-op thread: stages run several models side by side on few cores. */
    public static OnnxModel load(Path onnxFile, Device device) {
        return load(onnxFile, device, 1);
    }

    public static OnnxModel load(Path onnxFile, Device device, int intraOpThreads) {
        if (onnxFile == null || !Files.isRegularFile(onnxFile)) {
            throw new BundleException("ONNX model file " + onnxFile + " does not exist; expected an .onnx graph there");
        }
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intraOpThreads must be at least 1, got " + intraOpThreads);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        SessionFactory.Opened opened = SessionFactory.open(env, onnxFile, device, intraOpThreads);
        try {
            OnnxModel model = new OnnxModel(onnxFile, env, opened.session(), opened.provider());
            String because = opened.cpuReason() == null ? "" : " (" + opened.cpuReason() + ")";
            String line = "Loaded ONNX model {} on {}{}; inputs: {}; outputs: {}";
            Object[] args = {onnxFile, opened.provider(), because, describe(model.inputs), describe(model.outputs)};
            if (device == Device.CUDA && !"CUDA".equals(opened.provider())) {
                LOG.warn(line, args);
            } else {
                LOG.info(line, args);
            }
            return model;
        } catch (OrtException | RuntimeException e) {
            closeQuietly(opened.session());
            throw new BundleException("ONNX model " + onnxFile + ": cannot read its signature: " + e.getMessage(), e);
        }
    }

    /**
     * Runs the graph. Every model input must be given, with a matching element type (FloatTensor for
     * FLOAT/FLOAT16, LongTensor for INT64/INT32), rank and fixed dimensions. All numeric outputs come
     * back as float32, keyed by output name in graph order.
     */
    public Map<String, FloatTensor> run(Map<String, ? extends Tensor> feed) {
        validate(feed);
        Map<String, OnnxTensor> natives = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, TensorInfo> input : inputs.entrySet()) {
                Tensor tensor = feed.get(input.getKey());
                natives.put(input.getKey(), OrtTensors.toNative(env, tensor, input.getValue().type));
            }
            try (OrtSession.Result result = session.run(natives)) {
                Map<String, FloatTensor> out = new LinkedHashMap<>();
                for (Map.Entry<String, OnnxValue> value : result) {
                    if (!(value.getValue() instanceof OnnxTensor tensor)) {
                        throw new InferenceException("model " + file + ": output '" + value.getKey()
                                + "' is not a tensor (" + value.getValue().getInfo() + ")", null);
                    }
                    out.put(value.getKey(), OrtTensors.toJava(tensor));
                }
                return Collections.unmodifiableMap(out);
            }
        } catch (OrtException e) {
            throw new InferenceException("model " + file + ": ONNX Runtime failed: " + e.getMessage(), e);
        } finally {
            natives.values().forEach(OnnxTensor::close);
        }
    }

    /** "CUDA" or "CPU": the execution provider this session actually runs on. */
    public String provider() {
        return provider;
    }

    public Path file() {
        return file;
    }

    /** Input shapes in graph order; -1 marks a dynamic dimension. */
    public Map<String, long[]> inputShapes() {
        return shapes(inputs);
    }

    /** Input element types in graph order: "FLOAT", "FLOAT16", "INT64", ... */
    public Map<String, String> inputTypes() {
        return types(inputs);
    }

    public Map<String, long[]> outputShapes() {
        return shapes(outputs);
    }

    public Map<String, String> outputTypes() {
        return types(outputs);
    }

    @Override
    public void close() {
        closeQuietly(session);
    }

    @Override
    public String toString() {
        return "OnnxModel[" + file + " on " + provider + "]";
    }

    private void validate(Map<String, ? extends Tensor> feed) {
        if (feed == null) {
            throw invalid("no inputs given");
        }
        for (String name : feed.keySet()) {
            if (!inputs.containsKey(name)) {
                throw invalid("input '" + name + "' is not an input of this model");
            }
        }
        for (Map.Entry<String, TensorInfo> input : inputs.entrySet()) {
            String name = input.getKey();
            TensorInfo info = input.getValue();
            Tensor tensor = feed.get(name);
            if (tensor == null) {
                throw invalid("input '" + name + "' is missing");
            }
            if (!OrtTensors.accepts(info.type, tensor)) {
                throw invalid("input '" + name + "' is a " + tensor.getClass().getSimpleName() + " but the model wants "
                        + info.type);
            }
            long[] expected = info.getShape();
            long[] given = tensor.shape();
            boolean fits = expected.length == given.length;
            for (int i = 0; fits && i < expected.length; i++) {
                fits = expected[i] < 0 || expected[i] == given[i];
            }
            if (!fits) {
                throw invalid("input '" + name + "' has shape " + Arrays.toString(given) + " (rank " + given.length
                        + ") but the model wants " + Arrays.toString(expected) + " (rank " + expected.length + ")");
            }
        }
    }

    private IllegalArgumentException invalid(String problem) {
        return new IllegalArgumentException("model " + file + ": " + problem + "; expected inputs: " + describe(inputs));
    }

    private static String describe(Map<String, TensorInfo> infos) {
        return infos.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue().type + Arrays.toString(e.getValue().getShape()))
                .collect(Collectors.joining(", "));
    }

    private static Map<String, TensorInfo> tensorInfos(Path file, Map<String, NodeInfo> nodes) {
        Map<String, TensorInfo> out = new LinkedHashMap<>();
        for (NodeInfo node : nodes.values()) {
            if (!(node.getInfo() instanceof TensorInfo info)) {
                throw new BundleException("ONNX model " + file + ": '" + node.getName()
                        + "' is not a tensor; only tensor inputs and outputs are supported");
            }
            out.put(node.getName(), info);
        }
        return Collections.unmodifiableMap(out);
    }

    private static Map<String, long[]> shapes(Map<String, TensorInfo> infos) {
        Map<String, long[]> out = new LinkedHashMap<>();
        infos.forEach((name, info) -> out.put(name, info.getShape()));
        return Collections.unmodifiableMap(out);
    }

    private static Map<String, String> types(Map<String, TensorInfo> infos) {
        Map<String, String> out = new LinkedHashMap<>();
        infos.forEach((name, info) -> out.put(name, info.type.name()));
        return Collections.unmodifiableMap(out);
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.warn("Closing ONNX Runtime session failed: {}", e.getMessage());
        }
    }
}
