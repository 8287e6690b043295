package io.editstream.cueextractor;

import io.editstream.events.CuesExtracted;
import io.editstream.events.EditRequested;
import io.editstream.kafka.Topics;
import io.editstream.onnx.ModelBundle;
import io.editstream.onnx.ModelFamily;
import io.editstream.stage.StageSettings;
import io.editstream.stage.StageVerticle;
import io.editstream.storage.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cue-extractor service (FRCE): EditRequested in, CuesExtracted out, with the {@code clip} bundle's encoders (or
 * those of the folder {@code clip.bundle} names, e.g. a Hugging Face CLIP export of kind {@code clip-hf}) and the
 * region source {@code cues.regions} names ({@link RegionSources}: colour components or SAM).
 */
public final class CueExtractorVerticle extends StageVerticle<EditRequested, CuesExtracted> {
    private static final Logger LOG = LoggerFactory.getLogger(CueExtractorVerticle.class);

    public CueExtractorVerticle() {
        super(Topics.CUE_EXTRACTOR, Topics.EDIT_REQUESTED, Topics.CUES_EXTRACTED, "clip");
    }

    @Override
    protected Pipeline<EditRequested, CuesExtracted> open(StageSettings settings, ObjectStore store) {
        CueOptions options = CueOptions.from(settings.section("cues"));
        RegionProposer regions = RegionSources.open(settings.section("cues"), options, settings.device());
        CueExtractor extractor;
        ModelBundle clip;
        try {
            clip = ModelBundle.load(settings.sectionBundle("clip"));
            extractor = CueExtractor.load(clip, settings.device(), regions, PhraseExtractor.withDefaultLexicon(options.maxTextCues()));
        } catch (RuntimeException e) {
            regions.close();
            throw e;
        }
        LOG.info("{} model families: patch and text cues: {}; regions: {}", service(), ModelFamily.describe(clip), regions.family());
        return new Pipeline<>(new CueExtractorHandler(extractor, store), extractor,
                "model " + extractor.modelId() + " " + extractor.modelVersion() + " on " + extractor.provider() + ": "
                        + extractor.describe() + "; regions: " + regions.description());
    }
}
