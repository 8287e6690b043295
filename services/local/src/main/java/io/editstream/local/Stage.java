package io.editstream.local;

import io.editstream.cueextractor.CueExtractorVerticle;
import io.editstream.enhancer.EnhancerVerticle;
import io.editstream.gateway.GatewayVerticle;
import io.editstream.reasoner.ReasonerVerticle;
import io.editstream.renderer.RendererVerticle;
import io.editstream.scorer.ScorerVerticle;
import io.vertx.core.Deployable;
import java.util.function.Supplier;

/** The six services of the pipeline, in start-up order (consumers first, the gateway last). */
public enum Stage {
    REASONER("reasoner", ReasonerVerticle::new),
    CUE_EXTRACTOR("cue-extractor", CueExtractorVerticle::new),
    ENHANCER("enhancer", EnhancerVerticle::new),
    RENDERER("diffusion-renderer", RendererVerticle::new),
    SCORER("scorer", ScorerVerticle::new),
    GATEWAY("gateway", GatewayVerticle::new);

    private final String service;
    private final Supplier<? extends Deployable> factory;

    Stage(String service, Supplier<? extends Deployable> factory) {
        this.service = service;
        this.factory = factory;
    }

    public String service() {
        return service;
    }

    public Deployable newVerticle() {
        return factory.get();
    }

    public static Stage of(String service) {
        for (Stage stage : values()) {
            if (stage.service.equals(service) || stage.name().equalsIgnoreCase(service)) {
                return stage;
            }
        }
        throw new IllegalArgumentException("unknown service '" + service + "'; one of reasoner, cue-extractor, enhancer, diffusion-renderer, scorer, gateway");
    }
}
