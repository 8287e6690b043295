package io.editstream.cueextractor;

import io.editstream.events.CuesExtracted;
import io.editstream.events.EditRequested;
import io.editstream.events.TensorRef;
import io.editstream.kafka.Topics;
import io.editstream.onnx.FloatTensor;
import io.editstream.stage.RequestTensorHandler;
import io.editstream.storage.ObjectStore;
import java.awt.image.BufferedImage;

/**
 * The cue extractor's stage step: extract patch, region and textual cues from the source image and the
 * instruction, store the stacked cue tensor and announce it with the regions and phrases it holds (the
 * fetching, storing, rejection and event-id rules are {@link RequestTensorHandler}'s).
 */
public final class CueExtractorHandler extends RequestTensorHandler<CuesExtracted, CueExtractor.Cues> {
    private final CueExtractor extractor;

    public CueExtractorHandler(CueExtractor extractor, ObjectStore store) {
        super(Topics.CUE_EXTRACTOR, store);
        this.extractor = extractor;
    }

    @Override
    protected CueExtractor.Cues run(BufferedImage image, String instruction) {
        return extractor.extract(image, instruction);
    }

    @Override
    protected FloatTensor tensor(CueExtractor.Cues cues) {
        return cues.cues();
    }

    @Override
    protected String summary(CueExtractor.Cues cues) {
        return cues.patchCount() + " patch, " + cues.regions().size() + " region and " + cues.textCues().size()
                + " text cues " + cues.textCues();
    }

    @Override
    protected String modelId(CueExtractor.Cues cues) {
        return extractor.modelId();
    }

    @Override
    protected String modelVersion(CueExtractor.Cues cues) {
        return extractor.modelVersion();
    }

    @Override
    protected CuesExtracted event(EditRequested request, Header header, CueExtractor.Cues cues, TensorRef ref) {
        return CuesExtracted.newBuilder()
                .setEventId(header.eventId()).setRequestId(request.getRequestId()).setTenant(request.getTenant())
                .setOccurredAt(header.occurredAt()).setContext(request.getContext()).setStage(header.stage())
                .setCues(ref).setPatchCount(cues.patchCount()).setRegions(cues.regions()).setTextCues(cues.textCues())
                .build();
    }
}
