package io.editstream.k8s;

import io.editstream.kafka.Topics;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What each service reads and writes, from the topic registry and the services' code (StageVerticle's input and
 * output, EnhancerTopology's sources and sinks, the gateway's EditSubmitter and RatingPublisher). The manifests'
 * ACLs and scalers are checked against this, so a topic renamed in Topics fails here before it fails on a cluster.
 */
record Pipeline(String service, List<String> inputs, Set<String> writes) {
    /** The stages whose full-size models are large vision networks: the only ones the gpu overlay gives a GPU. */
    static final Set<String> GPU_STAGES = Set.of(Topics.CUE_EXTRACTOR, Topics.RENDERER, Topics.SCORER);

    static final Map<String, Pipeline> SERVICES = Map.of(
            Topics.GATEWAY, new Pipeline(Topics.GATEWAY, List.of(),
                    Set.of(Topics.EDIT_REQUESTED.name(), Topics.RATING_SUBMITTED.name())),
            Topics.REASONER, stage(Topics.REASONER, List.of(Topics.EDIT_REQUESTED.name()), Topics.GUIDANCE_PRODUCED.name()),
            Topics.CUE_EXTRACTOR, stage(Topics.CUE_EXTRACTOR, List.of(Topics.EDIT_REQUESTED.name()), Topics.CUES_EXTRACTED.name()),
            Topics.ENHANCER, stage(Topics.ENHANCER, List.of(Topics.GUIDANCE_PRODUCED.name(), Topics.CUES_EXTRACTED.name()),
                    Topics.CONDITIONING_PRODUCED.name()),
            Topics.RENDERER, stage(Topics.RENDERER, List.of(Topics.CONDITIONING_PRODUCED.name()), Topics.IMAGE_RENDERED.name()),
            Topics.SCORER, stage(Topics.SCORER, List.of(Topics.IMAGE_RENDERED.name()), Topics.EDIT_SCORED.name()));

    /** A consuming stage: its output, its failures and its dead letters; its consumer group is its name. */
    private static Pipeline stage(String service, List<String> inputs, String output) {
        return new Pipeline(service, inputs, Set.of(output, Topics.failed(service).name(), Topics.deadLetter(service)));
    }

    /** The owner of a registry topic: the first segment of its name (Topics' one-writer rule). */
    static String owner(String topic) {
        return topic.substring(0, topic.indexOf('.'));
    }
}
