package io.editstream.renderer;

import io.editstream.events.ConditioningProduced;
import io.editstream.events.ImageRef;
import io.editstream.events.ImageRendered;
import io.editstream.events.TensorRef;
import io.editstream.kafka.RejectedInputException;
import io.editstream.kafka.StageHandler;
import io.editstream.kafka.Topics;
import io.editstream.onnx.FloatTensor;
import io.editstream.onnx.ImageTensors;
import io.editstream.storage.CorruptObjectException;
import io.editstream.storage.MissingObjectException;
import io.editstream.storage.ObjectKeys;
import io.editstream.stage.StageInputs;
import io.editstream.stage.StageTimer;
import io.editstream.storage.ObjectStore;
import java.awt.image.BufferedImage;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The renderer's stage step: fetch the source image and the conditioning (and the pooled projection, for FLUX
 * bundles), render, store the PNG under the request's result key (a rerun overwrites it) and announce it. A missing
 * or corrupt input, a conditioning of another shape than the denoiser takes, or a FLUX request without its pooled
 * projection can never succeed and is rejected saying what was expected.
 */
public final class RenderHandler implements StageHandler<ConditioningProduced, ImageRendered> {
    private static final Logger LOG = LoggerFactory.getLogger(RenderHandler.class);

    private final EditRenderer pipeline;
    private final ObjectStore store;

    public RenderHandler(EditRenderer pipeline, ObjectStore store) {
        this.pipeline = pipeline;
        this.store = store;
    }

    @Override
    public ImageRendered handle(ConditioningProduced input, RecordMeta meta) {
        String id = input.getRequestId();
        StageTimer timer = new StageTimer();
        BufferedImage source = timer.io(() -> StageInputs.image(store, input.getContext().getSource(), "source", id));
        EditRenderer.Conditioning conditioning = timer.io(() -> new EditRenderer.Conditioning(
                conditioning(input.getConditioning(), id), pooled(input.getPooled(), id)));
        EditRenderer.Rendering rendering = timer.model(() -> pipeline.renderMeasured(source, conditioning,
                input.getContext().getOptions(), (done, total) -> LOG.debug("request {}: denoising step {}/{}", id, done, total)));
        BufferedImage edited = rendering.image();
        ImageRef output = timer.io(() -> store.putImage(ObjectKeys.result(input.getTenant(), id), ImageTensors.encodePng(edited), "image/png",
                edited.getWidth(), edited.getHeight()));
        LOG.info("request {}: rendered {}×{} in {} ms ({} steps)", id, edited.getWidth(), edited.getHeight(),
                timer.modelMicros() / 1000, input.getContext().getOptions().getSteps());
        return ImageRendered.newBuilder()
                .setEventId(StageInputs.eventId(Topics.RENDERER, id))
                .setRequestId(id).setTenant(input.getTenant()).setOccurredAt(Instant.now()).setContext(input.getContext())
                .setStage(timer.info(Topics.RENDERER, pipeline.bundle().name(), pipeline.bundle().version(), meta))
                .setExplicitInstruction(input.getExplicitInstruction()).setReasoningType(input.getReasoningType())
                .setOutput(output).setSampler(pipeline.sampler()).setSourceLatentL2(rendering.sourceLatentL2()).build();
    }

    /** The pooled projection [P] a FLUX renderer takes besides the sequence; null for renderers that take none. */
    private FloatTensor pooled(TensorRef ref, String id) {
        int width = pipeline.pooledWidth();
        if (width == 0) {
            return null;
        }
        if (ref == null) {
            throw new RejectedInputException("request " + id + ": the renderer bundle " + pipeline.bundle().name() + " ("
                    + pipeline.family().id() + ") takes a pooled text projection of " + width + " values besides the sequence, and the"
                    + " conditioning event has none: run the enhancer in text-encoder mode (fusion.mode text_encoder) on the same bundle");
        }
        List<Long> shape = ref.getShape();
        if (shape.size() != 1 || shape.get(0) != width) {
            throw new RejectedInputException("request " + id + ": pooled projection " + ref.getUri() + " has shape " + shape
                    + ", the renderer bundle takes [" + width + "]");
        }
        return fetch(ref, new long[] {width}, id);
    }

    private FloatTensor conditioning(TensorRef ref, String id) {
        List<Long> shape = ref.getShape();
        long[] expected = pipeline.conditioningShape();
        boolean fits = shape.size() == 2 && (expected[0] < 0 || expected[0] == shape.get(0))
                && (expected[1] < 0 || expected[1] == shape.get(1));
        if (!fits) {
            throw new RejectedInputException("request " + id + ": conditioning " + ref.getUri() + " has shape " + shape
                    + ", the renderer bundle takes [" + expected[0] + ", " + expected[1] + "]");
        }
        return fetch(ref, new long[] {shape.get(0), shape.get(1)}, id);
    }

    private FloatTensor fetch(TensorRef ref, long[] shape, String id) {
        try {
            return FloatTensor.fromBytes(shape, store.getTensor(ref));
        } catch (MissingObjectException | CorruptObjectException e) {
            throw new RejectedInputException("request " + id + ": conditioning is unusable: " + e.getMessage(), e);
        }
    }
}
