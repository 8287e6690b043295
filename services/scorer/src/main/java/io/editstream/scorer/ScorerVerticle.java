package io.editstream.scorer;

import io.editstream.events.EditScored;
import io.editstream.events.ImageRendered;
import io.editstream.kafka.Topics;
import io.editstream.onnx.Bundles;
import io.editstream.onnx.ModelBundle;
import io.editstream.stage.StageSettings;
import io.editstream.stage.StageVerticle;
import io.editstream.storage.ObjectStore;
import java.nio.file.Path;

/**
 * The scorer service: ImageRendered in, EditScored out, with a CLIP encoder behind CLIP-T and CLIP-I (the
 * stage's {@code clip} bundle, unless {@code clip.bundle} names another folder, e.g. a Hugging Face CLIP export of
 * kind {@code clip-hf}) and, when the config names one ({@code dino.bundle}: a folder, or {@code default} for the
 * bundled {@code dino}), a DINO bundle behind the {@code dino} score. DINO is off by default.
 */
public final class ScorerVerticle extends StageVerticle<ImageRendered, EditScored> {

    public ScorerVerticle() {
        super(Topics.SCORER, Topics.IMAGE_RENDERED, Topics.EDIT_SCORED, "clip");
    }

    @Override
    protected Pipeline<ImageRendered, EditScored> open(StageSettings settings, ObjectStore store) {
        Path dino = dinoBundle(settings.section("dino").getString("bundle", ""));
        Path clip = clipBundle(settings.section("clip").getString("bundle", ""), settings.bundle());
        Scorer scorer = Scorer.load(ModelBundle.load(clip), dino == null ? null : ModelBundle.load(dino),
                settings.device());
        return new Pipeline<>(new ScorerHandler(scorer, store), scorer,
                "model " + scorer.modelId() + " " + scorer.modelVersion() + " on " + scorer.provider() + "; CLIP from "
                        + clip + ": " + scorer.describe()
                        + (dino == null ? " (no DINO bundle: dino.bundle unset)" : ""));
    }

    /** {@code clip.bundle}: empty = the stage's model bundle (model.bundle, else the bundled {@code clip}), else a folder. */
    static Path clipBundle(String configured, Path stageBundle) {
        return configured == null || configured.isBlank() ? stageBundle : Path.of(configured.trim());
    }

    /** {@code dino.bundle}: empty = off, {@code default} = the bundled {@code dino}, else a folder. */
    static Path dinoBundle(String configured) {
        if (configured == null || configured.isBlank()) {
            return null;
        }
        return configured.trim().equals("default") ? Bundles.locate("dino") : Path.of(configured.trim());
    }
}
