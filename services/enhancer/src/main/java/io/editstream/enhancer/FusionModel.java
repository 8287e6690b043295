package io.editstream.enhancer;

import io.editstream.kafka.RejectedInputException;
import io.editstream.onnx.Device;
import io.editstream.onnx.FloatTensor;
import io.editstream.onnx.ModelBundle;
import io.editstream.onnx.OnnxModel;
import io.editstream.onnx.Tensor;
import java.util.Arrays;
import java.util.Map;

/**
 * The compute step of the learned cross-modal fusion (CME), an {@code enhancer} bundle's {@code fusion.onnx}, on
 * tensors in memory: the guidance tokens [G, D] attend over all the cues [K, D] (every one valid in the mask) to give
 * the renderer's conditioning [L, Dc]. {@link OnnxFuser} runs it on tensors it reads from storage; the in-process
 * throughput benchmark runs it on the reasoner's and cue extractor's tensors directly. Tensors shaped unlike the
 * model's inputs are refused as bad input ({@link RejectedInputException}). Thread-safe, as the ONNX session is.
 */
public final class FusionModel implements AutoCloseable {
    private final OnnxModel model;
    private final ModelBundle bundle;
    private final long guidanceTokens;
    private final long width;

    public FusionModel(ModelBundle bundle, Device device) {
        this.model = OnnxModel.load(bundle.file("fusion"), device);
        this.bundle = bundle;
        long[] guidance = model.inputShapes().get("guidance");
        this.guidanceTokens = guidance[1];
        this.width = guidance[2];
    }

    /** The conditioning [L, Dc] of guidance [G, D] and cues [K, D]; {@code requestId} names the request in a refusal. */
    public FloatTensor fuse(FloatTensor guidance, FloatTensor cues, String requestId) {
        check(guidance, guidanceTokens, requestId, "guidance");
        check(cues, -1, requestId, "cues");
        int k = cues.dim(0);
        float[] mask = new float[k];
        Arrays.fill(mask, 1f);
        Map<String, Tensor> inputs = Map.of(
                "guidance", new FloatTensor(new long[] {1, guidance.shape()[0], width}, guidance.data()),
                "cues", new FloatTensor(new long[] {1, k, width}, cues.data()),
                "cue_mask", new FloatTensor(new long[] {1, k}, mask));
        FloatTensor conditioning = model.run(inputs).get("conditioning");
        return new FloatTensor(new long[] {conditioning.shape()[1], conditioning.shape()[2]}, conditioning.data());
    }

    /** Rows must match a fixed model dimension (-1: any, at least one), and every tensor must be D wide. */
    private void check(FloatTensor tensor, long rows, String id, String what) {
        long[] shape = tensor.shape();
        boolean rowsOk = shape.length == 2 && (rows < 0 ? shape[0] >= 1 : shape[0] == rows);
        if (!rowsOk || shape[1] != width) {
            throw new RejectedInputException("request " + id + ": " + what + " tensor has shape " + Arrays.toString(shape)
                    + " but the fusion model " + bundle.name() + " expects [" + (rows < 0 ? "K>=1" : rows) + ", " + width + "]");
        }
    }

    /** The bundle the model came from: its name and version are what the conditioning event reports. */
    public ModelBundle bundle() {
        return bundle;
    }

    /** Which execution provider the fusion runs on, for the start-up log. */
    public String provider() {
        return model.provider();
    }

    @Override
    public void close() {
        model.close();
    }
}
