package io.editstream.enhancer;

import io.editstream.events.CuesExtracted;
import io.editstream.events.DType;
import io.editstream.events.GuidanceProduced;
import io.editstream.events.TensorRef;
import io.editstream.kafka.RejectedInputException;
import io.editstream.onnx.Device;
import io.editstream.onnx.FloatTensor;
import io.editstream.onnx.ModelBundle;
import io.editstream.onnx.OnnxModel;
import io.editstream.onnx.Tensor;
import io.editstream.storage.CorruptObjectException;
import io.editstream.storage.MissingObjectException;
import io.editstream.stage.StageTimer;
import io.editstream.storage.ObjectKeys;
import io.editstream.storage.ObjectStore;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The learned cross-modal fusion (CME) of an {@code enhancer} bundle's {@code fusion.onnx}: the request's
 * guidance tokens [G, D] attend over all its cues [K, D] (patch, region and textual cues, every one valid in
 * the mask) to give the renderer's conditioning [L, Dc], stored under the request's enhancer tensor key so a
 * retried fusion overwrites rather than duplicates. A tensor that is missing, corrupt, or shaped unlike the
 * model's inputs is refused as bad input; a storage outage is not, so it is retried.
 */
public final class OnnxFuser implements Fuser.Loaded {
    private final OnnxModel model;
    private final ObjectStore store;
    private final String modelId;
    private final String modelVersion;
    private final long guidanceTokens;
    private final long width;

    public OnnxFuser(ModelBundle bundle, Device device, ObjectStore store) {
        this.model = OnnxModel.load(bundle.file("fusion"), device);
        this.store = store;
        this.modelId = bundle.name();
        this.modelVersion = bundle.version();
        long[] guidance = model.inputShapes().get("guidance");
        this.guidanceTokens = guidance[1];
        this.width = guidance[2];
    }

    @Override
    public Fused fuse(GuidanceProduced guidance, CuesExtracted cues) {
        String id = guidance.getRequestId();
        if (guidance.getGuidance() == null) {
            throw new RejectedInputException("request " + id + ": the guidance event carries no guidance tokens (a reasoner on its"
                    + " openai backend, model " + guidance.getStage().getModelId() + "); the learned fusion needs them: run the enhancer"
                    + " with fusion.mode auto or text_encoder (REASONER_OPENAI_URL set for it too)");
        }
        StageTimer timer = new StageTimer();
        FloatTensor g = timer.io(() -> load(guidance.getGuidance(), id, "guidance"));
        FloatTensor c = timer.io(() -> load(cues.getCues(), id, "cues"));
        check(g, guidanceTokens, id, "guidance");
        check(c, -1, id, "cues");
        int k = c.dim(0);
        float[] mask = new float[k];
        Arrays.fill(mask, 1f);
        Map<String, Tensor> inputs = Map.of(
                "guidance", new FloatTensor(new long[] {1, g.shape()[0], width}, g.data()),
                "cues", new FloatTensor(new long[] {1, k, width}, c.data()),
                "cue_mask", new FloatTensor(new long[] {1, k}, mask));
        FloatTensor conditioning = timer.model(() -> model.run(inputs).get("conditioning"));
        long[] shape = {conditioning.shape()[1], conditioning.shape()[2]};
        TensorRef ref = timer.io(() -> store.putTensor(ObjectKeys.tensor(guidance.getTenant(), id, EnhancerEvents.STAGE), conditioning.toBytes(), shape,
                DType.FLOAT32));
        return new Fused(ref, modelId, modelVersion, timer.modelMicros(), timer.ioMicros());
    }

    /** Which execution provider the fusion runs on, for the start-up log. */
    @Override
    public String provider() {
        return model.provider();
    }

    private FloatTensor load(TensorRef ref, String id, String what) {
        List<Long> shape = ref.getShape();
        if (shape.size() != 2 || ref.getDtype() != DType.FLOAT32) {
            throw new RejectedInputException("request " + id + ": " + what + " tensor " + ref.getUri()
                    + " must be a 2-d FLOAT32 tensor, is " + shape + " " + ref.getDtype());
        }
        try {
            return FloatTensor.fromBytes(shape.stream().mapToLong(Long::longValue).toArray(), store.getTensor(ref));
        } catch (MissingObjectException | CorruptObjectException | IllegalArgumentException e) {
            throw new RejectedInputException("request " + id + ": " + what + " tensor is unusable: " + e.getMessage(), e);
        }
    }

    /** Rows must match a fixed model dimension (-1: any, at least one), and every tensor must be D wide. */
    private void check(FloatTensor tensor, long rows, String id, String what) {
        long[] shape = tensor.shape();
        boolean rowsOk = rows < 0 ? shape[0] >= 1 : shape[0] == rows;
        if (!rowsOk || shape[1] != width) {
            throw new RejectedInputException("request " + id + ": " + what + " tensor has shape " + Arrays.toString(shape)
                    + " but the fusion model " + modelId + " expects [" + (rows < 0 ? "K>=1" : rows) + ", " + width + "]");
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
