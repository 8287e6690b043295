package io.editstream.enhancer;

import io.editstream.events.CuesExtracted;
import io.editstream.events.DType;
import io.editstream.events.GuidanceProduced;
import io.editstream.events.TensorRef;
import io.editstream.kafka.RejectedInputException;
import io.editstream.onnx.Device;
import io.editstream.onnx.FloatTensor;
import io.editstream.onnx.ModelBundle;
import io.editstream.storage.CorruptObjectException;
import io.editstream.storage.MissingObjectException;
import io.editstream.stage.StageTimer;
import io.editstream.storage.ObjectKeys;
import io.editstream.storage.ObjectStore;
import java.util.List;

/**
 * The learned cross-modal fusion (CME) of an {@code enhancer} bundle's {@code fusion.onnx}: the request's
 * guidance tokens [G, D] attend over all its cues [K, D] (patch, region and textual cues, every one valid in
 * the mask) to give the renderer's conditioning [L, Dc], stored under the request's enhancer tensor key so a
 * retried fusion overwrites rather than duplicates. A tensor that is missing, corrupt, or shaped unlike the
 * model's inputs is refused as bad input; a storage outage is not, so it is retried. The compute step is
 * {@link FusionModel}'s, which the in-process throughput benchmark runs on the same tensors in memory.
 */
public final class OnnxFuser implements Fuser.Loaded {
    private final FusionModel fusion;
    private final ObjectStore store;

    public OnnxFuser(ModelBundle bundle, Device device, ObjectStore store) {
        this.fusion = new FusionModel(bundle, device);
        this.store = store;
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
        FloatTensor conditioning = timer.model(() -> fusion.fuse(g, c, id));
        TensorRef ref = timer.io(() -> store.putTensor(ObjectKeys.tensor(guidance.getTenant(), id, EnhancerEvents.STAGE), conditioning.toBytes(),
                conditioning.shape(), DType.FLOAT32));
        return new Fused(ref, fusion.bundle().name(), fusion.bundle().version(), timer.modelMicros(), timer.ioMicros());
    }

    /** Which execution provider the fusion runs on, for the start-up log. */
    @Override
    public String provider() {
        return fusion.provider();
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

    @Override
    public void close() {
        fusion.close();
    }
}
