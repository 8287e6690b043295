package io.editstream.enhancer;

import io.editstream.events.CuesExtracted;
import io.editstream.events.GuidanceProduced;
import io.editstream.events.TensorRef;

/**
 * The cross-modal enhancer's model step: guidance tokens and fine-grained cues of one request in, the
 * renderer's conditioning out (stored; the reference returned). Throws {@code RejectedInputException}
 * when an input can never be fused (a tensor missing from storage, a wrong shape).
 */
public interface Fuser extends AutoCloseable {

    /** The stored conditioning and what it cost. */
    record Fused(TensorRef conditioning, String modelId, String modelVersion, long modelMicros, long ioMicros) {
    }

    Fused fuse(GuidanceProduced guidance, CuesExtracted cues) throws Exception;

    @Override
    default void close() {
    }
}
