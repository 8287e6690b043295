package io.editstream.cueextractor;

import io.editstream.events.CuesExtracted;
import io.editstream.events.DType;
import io.editstream.events.EditRequested;
import io.editstream.events.StageInfo;
import io.editstream.events.TensorRef;
import io.editstream.kafka.StageHandler;
import io.editstream.kafka.Topics;
import io.editstream.storage.ObjectKeys;
import io.editstream.stage.StageInputs;
import io.editstream.stage.StageTimer;
import io.editstream.storage.ObjectStore;
import java.awt.image.BufferedImage;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cue extractor's stage step: fetch the source image, extract patch, region and textual cues, store
 * the stacked cue tensor under the request's deterministic key and announce it with the regions and
 * phrases it holds. A source image that is missing, corrupt or not an image is rejected (it can never
 * succeed); storage and model errors are left to the stage loop's retries. The event id is derived from
 * the request so a reprocessed request yields the same id.
 */
public final class CueExtractorHandler implements StageHandler<EditRequested, CuesExtracted> {
    private static final Logger LOG = LoggerFactory.getLogger(CueExtractorHandler.class);
    private static final String STAGE = Topics.CUE_EXTRACTOR;

    private final CueExtractor extractor;
    private final ObjectStore store;

    public CueExtractorHandler(CueExtractor extractor, ObjectStore store) {
        this.extractor = extractor;
        this.store = store;
    }

    @Override
    public CuesExtracted handle(EditRequested request, RecordMeta meta) {
        String id = request.getRequestId();
        StageTimer timer = new StageTimer();
        BufferedImage image = timer.io(() -> StageInputs.image(store, request.getContext().getSource(), "source", id));
        CueExtractor.Cues cues = timer.model(() -> extractor.extract(image, request.getContext().getInstruction()));
        TensorRef ref = timer.io(() -> store.putTensor(ObjectKeys.tensor(id, STAGE), cues.cues().toBytes(), cues.cues().shape(),
                DType.FLOAT32));
        LOG.info("request {}: {} patch, {} region and {} text cues {}", id, cues.patchCount(), cues.regions().size(),
                cues.textCues().size(), cues.textCues());
        StageInfo stage = timer.info(STAGE, extractor.modelId(), extractor.modelVersion(), meta);
        return CuesExtracted.newBuilder()
                .setEventId(StageInputs.eventId(STAGE, id))
                .setRequestId(id).setTenant(request.getTenant())
                .setOccurredAt(Instant.ofEpochMilli(System.currentTimeMillis()))
                .setContext(request.getContext()).setStage(stage).setCues(ref).setPatchCount(cues.patchCount())
                .setRegions(cues.regions()).setTextCues(cues.textCues()).build();
    }
}
