package io.editstream.cueextractor;

import io.editstream.events.CuesExtracted;
import io.editstream.events.EditRequested;
import io.editstream.kafka.Topics;
import io.editstream.onnx.ModelBundle;
import io.editstream.stage.StageSettings;
import io.editstream.stage.StageVerticle;
import io.editstream.storage.ObjectStore;
import java.nio.file.Path;

/**
 * The cue-extractor service (FRCE): EditRequested in, CuesExtracted out, with the {@code clip} bundle's encoders, or
 * those of the folder {@code clip.bundle} names (e.g. a Hugging Face CLIP export of kind {@code clip-hf}).
 */
public final class CueExtractorVerticle extends StageVerticle<EditRequested, CuesExtracted> {

    public CueExtractorVerticle() {
        super(Topics.CUE_EXTRACTOR, Topics.EDIT_REQUESTED, Topics.CUES_EXTRACTED, "clip");
    }

    @Override
    protected Pipeline<EditRequested, CuesExtracted> open(StageSettings settings, ObjectStore store) {
        CueOptions options = CueOptions.from(settings.section("cues"));
        CueExtractor extractor = CueExtractor.load(ModelBundle.load(clipBundle(settings.section("clip").getString("bundle", ""), settings.bundle())), settings.device(),
                new RegionFinder(options.regions()), PhraseExtractor.withDefaultLexicon(options.maxTextCues()));
        return new Pipeline<>(new CueExtractorHandler(extractor, store), extractor,
                "model " + extractor.modelId() + " " + extractor.modelVersion() + " on " + extractor.provider() + ": "
                        + extractor.describe());
    }

    /** {@code clip.bundle}: empty = the stage's model bundle (model.bundle, else the bundled {@code clip}), else a folder. */
    static Path clipBundle(String configured, Path stageBundle) {
        return configured == null || configured.isBlank() ? stageBundle : Path.of(configured.trim());
    }
}
