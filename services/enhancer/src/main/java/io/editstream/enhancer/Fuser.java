package io.editstream.enhancer;

import io.editstream.events.CuesExtracted;
import io.editstream.events.FusionMode;
import io.editstream.events.GuidanceProduced;
import io.editstream.events.TensorRef;

/**
 * The cross-modal enhancer's model step: the guidance tokens and the fine-grained cues of one request in,
 * the renderer's conditioning out (already stored; its reference returned with what it cost). An input
 * that can never be fused (a tensor missing from storage, a wrong shape) is refused with
 * {@code io.editstream.kafka.RejectedInputException}, which dead-letters the request; any other exception
 * is taken as transient and retried.
 */
@FunctionalInterface
public interface Fuser {

    /**
     * The stored conditioning [L, Dc], the model that made it, how, the time spent in the model and in storage, and
     * the stored pooled text projection [P] of renderers that take one (FLUX), else null.
     */
    record Fused(TensorRef conditioning, String modelId, String modelVersion, long modelMicros, long ioMicros, FusionMode mode,
                 TensorRef pooled) {
        public Fused(TensorRef conditioning, String modelId, String modelVersion, long modelMicros, long ioMicros) {
            this(conditioning, modelId, modelVersion, modelMicros, ioMicros, FusionMode.LEARNED_FUSION, null);
        }
    }

    /** A fuser backed by a loaded model: says where it runs and is closed with the service. */
    interface Loaded extends Fuser, AutoCloseable {
        String provider();

        @Override
        void close();
    }

    Fused fuse(GuidanceProduced guidance, CuesExtracted cues);
}
