package io.editstream.enhancer;

import io.editstream.events.CuesExtracted;
import io.editstream.events.GuidanceProduced;
import io.editstream.events.TensorRef;
import io.editstream.kafka.RejectedInputException;
import io.editstream.onnx.FloatTensor;
import io.editstream.storage.ObjectStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fuser for topology tests that does real arithmetic on tensors held in memory: the conditioning is
 * [2, D], the column means of the guidance [G, D] above those of the cues [K, D]. A tensor it does not
 * hold, or widths that differ, are refused as bad input; {@link #failNext} makes the next calls throw a
 * transient error, as a storage outage would.
 */
final class MeanFuser implements Fuser {
    final Map<String, FloatTensor> tensors = new ConcurrentHashMap<>();
    final List<String> calls = new ArrayList<>();
    private int failuresLeft;

    TensorRef put(String uri, FloatTensor tensor) {
        tensors.put(uri, tensor);
        return TestEvents.ref(uri, tensor.shape());
    }

    void failNext(int calls) {
        failuresLeft = calls;
    }

    @Override
    public Fused fuse(GuidanceProduced guidance, CuesExtracted cues) {
        String id = guidance.getRequestId();
        calls.add(id);
        if (failuresLeft > 0) {
            failuresLeft--;
            throw new IllegalStateException("storage unavailable");
        }
        FloatTensor g = get(guidance.getGuidance());
        FloatTensor c = get(cues.getCues());
        if (g.dim(1) != c.dim(1)) {
            throw new RejectedInputException("widths " + g.dim(1) + " and " + c.dim(1) + " differ");
        }
        int width = g.dim(1);
        float[] out = new float[2 * width];
        System.arraycopy(columnMeans(g), 0, out, 0, width);
        System.arraycopy(columnMeans(c), 0, out, width, width);
        FloatTensor conditioning = new FloatTensor(new long[] {2, width}, out);
        String uri = "mem://tensors/" + id + "/enhancer.bin";
        tensors.put(uri, conditioning);
        TensorRef ref = TestEvents.ref(uri, 2, width);
        ref.setSha256(ObjectStore.sha256(conditioning.toBytes()));
        return new Fused(ref, "mean-fuser", "1", 1500, 300);
    }

    static float[] columnMeans(FloatTensor t) {
        int rows = t.dim(0);
        int cols = t.dim(1);
        float[] means = new float[cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                means[c] += t.data()[r * cols + c] / rows;
            }
        }
        return means;
    }

    private FloatTensor get(TensorRef ref) {
        FloatTensor tensor = tensors.get(ref.getUri());
        if (tensor == null) {
            throw new RejectedInputException("tensor " + ref.getUri() + " is missing");
        }
        return tensor;
    }
}
