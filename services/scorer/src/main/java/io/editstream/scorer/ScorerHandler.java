package io.editstream.scorer;

import io.editstream.events.BenchmarkTag;
import io.editstream.events.EditScored;
import io.editstream.events.ImageRef;
import io.editstream.events.ImageRendered;
import io.editstream.events.StageInfo;
import io.editstream.kafka.StageHandler;
import io.editstream.kafka.Topics;
import io.editstream.scorer.judge.VlmJudge;
import io.editstream.stage.StageInputs;
import io.editstream.stage.StageTimer;
import io.editstream.storage.ObjectStore;
import java.awt.image.BufferedImage;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scorer's stage step: fetch the rendered output, the source and (when the request has one) the
 * reference image, score the output and the copy-the-input baseline, and announce both score sets (with the
 * renderer's latent distance to the source added to the output's, when it measured one). Any
 * of those images missing, corrupt or undecodable makes the request unscorable, so it is rejected; other
 * storage and model errors are left to the stage loop's retries. The event id is derived from the request.
 * With a {@link VlmJudge} its 1–5 ratings of the output join the output's scores (not the copy baseline: the
 * protocol rates the edit); a DiscEdit no-change twin is not judged, and a judge that gives no ratings never fails
 * the request (see {@link VlmJudge}).
 */
public final class ScorerHandler implements StageHandler<ImageRendered, EditScored> {
    private static final Logger LOG = LoggerFactory.getLogger(ScorerHandler.class);
    private static final String STAGE = Topics.SCORER;

    /** Score name of the renderer's latent distance to the source (DiscEdit). */
    public static final String SOURCE_LATENT_L2 = "source_latent_l2";

    private final Scorer scorer;
    private final ObjectStore store;
    private final VlmJudge judge;

    public ScorerHandler(Scorer scorer, ObjectStore store) {
        this(scorer, store, null);
    }

    /** @param judge the VLM judge, or null for none */
    public ScorerHandler(Scorer scorer, ObjectStore store, VlmJudge judge) {
        this.scorer = scorer;
        this.store = store;
        this.judge = judge;
    }

    /**
     * CLIP-T reads the benchmark item's explicit instruction when it has one, else (a benchmark item whose file states
     * none, like a plain AURORA-Bench entry) the instruction it was sent with; outside benchmarks the reasoner's.
     */
    static String targetText(ImageRendered rendered) {
        BenchmarkTag tag = rendered.getContext().getBenchmark();
        if (tag == null) {
            return rendered.getExplicitInstruction();
        }
        return tag.getTargetText() != null && !tag.getTargetText().isBlank() ? tag.getTargetText() : rendered.getContext().getInstruction();
    }

    @Override
    public EditScored handle(ImageRendered rendered, RecordMeta meta) {
        String id = rendered.getRequestId();
        StageTimer timer = new StageTimer();
        BufferedImage output = timer.io(() -> StageInputs.image(store, rendered.getOutput(), "output", id));
        BufferedImage source = timer.io(() -> StageInputs.image(store, rendered.getContext().getSource(), "source", id));
        ImageRef referenceRef = rendered.getContext().getReference();
        BufferedImage reference = referenceRef == null ? null
                : timer.io(() -> StageInputs.image(store, referenceRef, "reference", id));
        Scorer.Scores scores = timer.model(() -> scorer.score(source, output, reference, targetText(rendered)));
        Map<String, Double> outputScores = new TreeMap<>(scores.output());
        if (rendered.getSourceLatentL2() != null) {
            // measured by the renderer (it holds both latents); carried here so DiscEdit reads every number from EditScored
            outputScores.put(SOURCE_LATENT_L2, rendered.getSourceLatentL2());
        }
        BenchmarkTag tag = rendered.getContext().getBenchmark();
        if (judge != null && (tag == null || !"no_change".equals(tag.getVariant()))) {
            outputScores.putAll(timer.model(() -> judge.rate(source, output, rendered.getContext().getInstruction(), id)));
        }
        LOG.info("request {}: scores {} | copy baseline {}", id, outputScores, scores.copyBaseline());
        StageInfo stage = timer.info(STAGE, scorer.modelId(), scorer.modelVersion() + (judge == null ? "" : "+judge:" + judge.model()), meta);
        return EditScored.newBuilder()
                .setEventId(StageInputs.eventId(STAGE, id))
                .setRequestId(id).setTenant(rendered.getTenant())
                .setOccurredAt(Instant.ofEpochMilli(System.currentTimeMillis()))
                .setContext(rendered.getContext()).setStage(stage)
                .setExplicitInstruction(rendered.getExplicitInstruction()).setReasoningType(rendered.getReasoningType())
                .setOutput(rendered.getOutput()).setScores(outputScores).setCopyBaseline(scores.copyBaseline())
                .build();
    }
}
