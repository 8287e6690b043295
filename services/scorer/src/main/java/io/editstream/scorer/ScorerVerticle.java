package io.editstream.scorer;

import io.editstream.events.EditScored;
import io.editstream.events.ImageRendered;
import io.editstream.kafka.Topics;
import io.editstream.onnx.ModelBundle;
import io.editstream.stage.StageSettings;
import io.editstream.stage.StageVerticle;
import io.editstream.storage.ObjectStore;

/** The scorer service: ImageRendered in, EditScored out, with the {@code clip} bundle behind CLIP-T and CLIP-I. */
public final class ScorerVerticle extends StageVerticle<ImageRendered, EditScored> {

    public ScorerVerticle() {
        super(Topics.SCORER, Topics.IMAGE_RENDERED, Topics.EDIT_SCORED, "clip");
    }

    @Override
    protected Pipeline<ImageRendered, EditScored> open(StageSettings settings, ObjectStore store) {
        Scorer scorer = Scorer.load(ModelBundle.load(settings.bundle()), settings.device());
        return new Pipeline<>(new ScorerHandler(scorer, store), scorer,
                "model " + scorer.modelId() + " " + scorer.modelVersion() + " on " + scorer.provider());
    }
}
