package io.editstream.enhancer;

import io.editstream.events.CuesExtracted;
import io.editstream.events.DType;
import io.editstream.events.GuidanceProduced;
import io.editstream.events.TensorRef;
import io.editstream.kafka.RejectedInputException;
import io.editstream.kafka.Topics;
import io.editstream.onnx.Device;
import io.editstream.onnx.FloatTensor;
import io.editstream.onnx.ModelBundle;
import io.editstream.onnx.OnnxModel;
import io.editstream.onnx.Tensor;
import io.editstream.storage.CorruptObjectException;
import io.editstream.storage.MissingObjectException;
import io.editstream.storage.ObjectKeys;
import io.editstream.storage.ObjectStore;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The learned cross-modal fusion (CME) of the {@code enhancer} bundle: guidance tokens [G, D] attend over
 * the request's cues [K, D] (patch, region and textual cues, all valid in the mask) to give the
 * renderer's conditioning [L, Dc], stored under the request's enhancer key.
 */
public final class OnnxFuser implements Fuser {
    private final OnnxModel model;
    private final ObjectStore store;
    private final String modelId;
    private final String modelVersion;

    public OnnxFuser(ModelBundle bundle, Device device, ObjectStore store) {
        this.model = OnnxModel.load(bundle.file("fusion"), device);
        this.store = store;
        this.modelId = bundle.name();
        this.modelVersion = bundle.version();
    }

    @Override
    public Fused fuse(GuidanceProduced guidance, CuesExtracted cues) {
        String id = guidance.getRequestId();
        long t0 = System.nanoTime();
        FloatTensor g = load(guidance.getGuidance(), id, "guidance");
        FloatTensor c = load(cues.getCues(), id, "cues");
        long gd = g.shape()[1];
        if (c.shape()[1] != gd) {
            throw new RejectedInputException("request " + id + ": guidance width " + gd + " and cue width " + c.shape()[1]
                    + " differ (shapes " + Arrays.toString(g.shape()) + " and " + Arrays.toString(c.shape()) + ")");
        }
        long t1 = System.nanoTime();
        int k = (int) c.shape()[0];
        float[] mask = new float[k];
        Arrays.fill(mask, 1f);
        Map<String, Tensor> inputs = Map.of(
                "guidance", new FloatTensor(new long[] {1, g.shape()[0], gd}, g.data()),
                "cues", new FloatTensor(new long[] {1, k, gd}, c.data()),
                "cue_mask", new FloatTensor(new long[] {1, k}, mask));
        FloatTensor conditioning = model.run(inputs).get("conditioning");
        long t2 = System.nanoTime();
        long[] shape = {conditioning.shape()[1], conditioning.shape()[2]};
        TensorRef ref = store.putTensor(ObjectKeys.tensor(id, Topics.ENHANCER), conditioning.toBytes(), shape, DType.FLOAT32);
        long t3 = System.nanoTime();
        return new Fused(ref, modelId, modelVersion, (t2 - t1) / 1000, ((t1 - t0) + (t3 - t2)) / 1000);
    }

    private FloatTensor load(TensorRef ref, String id, String what) {
        List<Long> shape = ref.getShape();
        if (shape.size() != 2 || ref.getDtype() != DType.FLOAT32) {
            throw new RejectedInputException("request " + id + ": " + what + " tensor " + ref.getUri() + " must be a 2-d FLOAT32 tensor, is "
                    + shape + " " + ref.getDtype());
        }
        try {
            return FloatTensor.fromBytes(shape.stream().mapToLong(Long::longValue).toArray(), store.getTensor(ref));
        } catch (MissingObjectException | CorruptObjectException e) {
            throw new RejectedInputException("request " + id + ": " + what + " tensor is unusable: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
