package io.editstream.stage;

import io.editstream.events.DType;
import io.editstream.events.EditRequested;
import io.editstream.events.StageInfo;
import io.editstream.events.TensorRef;
import io.editstream.kafka.StageHandler;
import io.editstream.onnx.FloatTensor;
import io.editstream.storage.ObjectKeys;
import io.editstream.storage.ObjectStore;
import java.awt.image.BufferedImage;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The step of a stage that reads an edit request (the cue extractor, the reasoner): fetch the source image
 * the request names, run the model over it and the instruction, store the float32 tensor the result holds
 * (if any: a remote reasoner has no hidden states) under the request's deterministic key (a rerun overwrites
 * it) and announce it. A source image that is
 * missing, corrupt or not an image can never succeed and is rejected; storage and model errors are left to
 * the stage loop's retries. The event id is derived from stage and request, so a reprocessed request yields
 * the same id and consumers can drop the duplicate.
 *
 * @param <O> the event announced
 * @param <R> what the model makes of one request
 */
public abstract class RequestTensorHandler<O extends SpecificRecord, R> implements StageHandler<EditRequested, O> {
    private final Logger log = LoggerFactory.getLogger(getClass());
    private final String stage;
    private final ObjectStore store;

    protected RequestTensorHandler(String stage, ObjectStore store) {
        this.stage = stage;
        this.store = store;
    }

    /** The fields every event of such a stage starts with, besides those copied from the request. */
    public record Header(String eventId, Instant occurredAt, StageInfo stage) {
    }

    /** Runs the model over the source image and the request's instruction. */
    protected abstract R run(BufferedImage image, String instruction);

    /** The tensor of {@code result} to store, in the shape it is stored with; null when the result has none. */
    protected abstract FloatTensor tensor(R result);

    /** What the log line says of {@code result}, after the request id. */
    protected abstract String summary(R result);

    /** The id of the model that made {@code result} (a remote backend names the model that answered). */
    protected abstract String modelId(R result);

    protected abstract String modelVersion(R result);

    /** The event announcing {@code result}, whose tensor was stored as {@code ref} (null when it had none). */
    protected abstract O event(EditRequested request, Header header, R result, TensorRef ref);

    @Override
    public final O handle(EditRequested request, RecordMeta meta) {
        String id = request.getRequestId();
        StageTimer timer = new StageTimer();
        BufferedImage image = timer.io(() -> StageInputs.image(store, request.getContext().getSource(), "source", id));
        R result = timer.model(() -> run(image, request.getContext().getInstruction()));
        FloatTensor tensor = tensor(result);
        TensorRef ref = tensor == null ? null : timer.io(() -> store.putTensor(ObjectKeys.tensor(request.getTenant(), id, stage), tensor.toBytes(),
                tensor.shape(), DType.FLOAT32));
        log.info("request {}: {}", id, summary(result));
        Header header = new Header(StageInputs.eventId(stage, id), Instant.ofEpochMilli(System.currentTimeMillis()),
                timer.info(stage, modelId(result), modelVersion(result), meta));
        return event(request, header, result, ref);
    }
}
