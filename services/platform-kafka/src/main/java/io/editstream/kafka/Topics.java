package io.editstream.kafka;

import io.editstream.events.ConditioningProduced;
import io.editstream.events.CuesExtracted;
import io.editstream.events.EditFailed;
import io.editstream.events.EditRequested;
import io.editstream.events.EditScored;
import io.editstream.events.GuidanceProduced;
import io.editstream.events.ImageRendered;
import io.editstream.events.RatingSubmitted;
import java.util.ArrayList;
import java.util.List;

/**
 * The topic registry: every topic of the pipeline, declared once. Names follow
 * {@code <owning-service>.<entity>.<event>} and each topic has exactly one writing service.
 */
public final class Topics {
    public static final String GATEWAY = "gateway";
    public static final String REASONER = "reasoner";
    public static final String CUE_EXTRACTOR = "cue-extractor";
    public static final String ENHANCER = "enhancer";
    public static final String RENDERER = "diffusion-renderer";
    public static final String SCORER = "scorer";

    /** Services that consume records and so own a failed-status topic and a dead-letter topic. */
    public static final List<String> STAGES = List.of(GATEWAY, REASONER, CUE_EXTRACTOR, ENHANCER, RENDERER, SCORER);

    public static final Topic<EditRequested> EDIT_REQUESTED =
            new Topic<>("gateway.edit.requested", EditRequested.class);
    public static final Topic<GuidanceProduced> GUIDANCE_PRODUCED =
            new Topic<>("reasoner.guidance.produced", GuidanceProduced.class);
    public static final Topic<CuesExtracted> CUES_EXTRACTED =
            new Topic<>("cue-extractor.cues.extracted", CuesExtracted.class);
    public static final Topic<ConditioningProduced> CONDITIONING_PRODUCED =
            new Topic<>("enhancer.conditioning.produced", ConditioningProduced.class);
    public static final Topic<ImageRendered> IMAGE_RENDERED =
            new Topic<>("diffusion-renderer.image.rendered", ImageRendered.class);
    public static final Topic<EditScored> EDIT_SCORED =
            new Topic<>("scorer.edit.scored", EditScored.class);
    /** Human judgements from the gateway's rating page (the gateway is its one writer). */
    public static final Topic<RatingSubmitted> RATING_SUBMITTED =
            new Topic<>("gateway.rating.submitted", RatingSubmitted.class);

    private Topics() {
    }

    /** Terminal failures written by {@code service}: {@code <service>.edit.failed}. */
    public static Topic<EditFailed> failed(String service) {
        return new Topic<>(service + ".edit.failed", EditFailed.class);
    }

    /** Dead-letter topic of {@code service}: the raw record, with the cause in headers. */
    public static String deadLetter(String service) {
        return service + ".dlq";
    }

    /** Every topic name the pipeline uses, for creating them up front. */
    public static List<String> all() {
        List<String> names = new ArrayList<>(List.of(EDIT_REQUESTED.name(), GUIDANCE_PRODUCED.name(),
                CUES_EXTRACTED.name(), CONDITIONING_PRODUCED.name(), IMAGE_RENDERED.name(), EDIT_SCORED.name(), RATING_SUBMITTED.name()));
        for (String stage : STAGES) {
            names.add(failed(stage).name());
            names.add(deadLetter(stage));
        }
        return names;
    }
}
