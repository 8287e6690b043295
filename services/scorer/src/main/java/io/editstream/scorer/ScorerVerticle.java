package io.editstream.scorer;

import io.editstream.events.EditScored;
import io.editstream.events.ImageRendered;
import io.editstream.kafka.Topics;
import io.editstream.onnx.Bundles;
import io.editstream.onnx.ModelBundle;
import io.editstream.onnx.ModelFamily;
import io.editstream.scorer.judge.VlmJudge;
import io.editstream.stage.StageSettings;
import io.editstream.stage.StageVerticle;
import io.editstream.storage.ObjectStore;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scorer service: ImageRendered in, EditScored out, with a CLIP encoder behind CLIP-T and CLIP-I (the
 * stage's {@code clip} bundle, unless {@code clip.bundle} names another folder, e.g. a Hugging Face CLIP export of
 * kind {@code clip-hf}) and, when the config names one ({@code dino.bundle}: a folder, or {@code default} for the
 * bundled {@code dino}), a DINO bundle behind the {@code dino} score. DINO is off by default. With {@code scorer.judge.url}
 * (SCORER_JUDGE_URL) set, a {@link VlmJudge} rates every edit too; the scorer then runs
 * {@code scorer.judge.maxConcurrency} stage loops (the judge's calls wait on the network) and shows the judge's
 * state under {@code GET /health/judge}. The judge is not a readiness check: the scorer scores without it.
 */
public final class ScorerVerticle extends StageVerticle<ImageRendered, EditScored> {
    private static final Logger LOG = LoggerFactory.getLogger(ScorerVerticle.class);
    private volatile VlmJudge judge;

    public ScorerVerticle() {
        super(Topics.SCORER, Topics.IMAGE_RENDERED, Topics.EDIT_SCORED, "clip");
    }

    @Override
    protected Pipeline<ImageRendered, EditScored> open(StageSettings settings, ObjectStore store) {
        Path dino = dinoBundle(settings.section("dino").getString("bundle", ""));
        VlmJudge vlm = VlmJudge.fromConfig(judgeSection(settings));
        Path clip = settings.sectionBundle("clip");
        ModelBundle clipBundle = ModelBundle.load(clip);
        ModelBundle dinoBundle = dino == null ? null : ModelBundle.load(dino);
        Scorer scorer = Scorer.load(clipBundle, dinoBundle, settings.device());
        judge = vlm;
        LOG.info("{} model families: CLIP-I / CLIP-T: {}; DINO: {}; judge: {}", service(), ModelFamily.describe(clipBundle),
                dinoBundle == null ? "off (dino.bundle unset)" : ModelFamily.describe(dinoBundle),
                vlm == null ? "off (scorer.judge.url unset)" : "vision-language model, " + vlm.description());
        if (vlm != null) {
            LOG.info("scorer judge: {}; endpoint {}", vlm.description(), vlm.probe());
        }
        AutoCloseable models = vlm == null ? scorer : () -> {
            scorer.close();
            vlm.close();
        };
        return new Pipeline<>(new ScorerHandler(scorer, store, vlm), models,
                "model " + scorer.modelId() + " " + scorer.modelVersion() + " on " + scorer.provider() + "; CLIP from "
                        + clip + ": " + scorer.describe()
                        + (dino == null ? " (no DINO bundle: dino.bundle unset)" : " with DINO from " + dino)
                        + (vlm == null ? " (no judge: scorer.judge.url unset)" : "; " + vlm.description()));
    }


    private static JsonObject judgeSection(StageSettings settings) {
        return settings.section("scorer").getJsonObject("judge", new JsonObject());
    }

    @Override
    protected int loops(StageSettings settings) {
        JsonObject section = judgeSection(settings);
        return section.getString("url", "").isBlank() ? 1 : Math.max(1, section.getInteger("maxConcurrency", 4));
    }

    @Override
    protected void routes(Router router) {
        router.get("/health/judge").handler(ctx -> {
            VlmJudge current = judge;
            ctx.json(current == null ? new JsonObject().put("judge", false) : current.state());
        });
    }

    /** {@code dino.bundle}: empty = off, {@code default} = the bundled {@code dino}, else a folder. */
    static Path dinoBundle(String configured) {
        if (configured == null || configured.isBlank()) {
            return null;
        }
        return configured.trim().equals("default") ? Bundles.locate("dino") : Path.of(configured.trim());
    }
}
