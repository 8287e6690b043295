package io.editstream.reasoner;

import io.editstream.events.EditRequested;
import io.editstream.events.GuidanceProduced;
import io.editstream.kafka.Topics;
import io.editstream.onnx.ModelBundle;
import io.editstream.onnx.ModelFamily;
import io.editstream.reasoner.openai.OpenAiReasoner;
import io.editstream.stage.StageSettings;
import io.editstream.stage.StageVerticle;
import io.editstream.storage.ObjectStore;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reasoner service: EditRequested in, GuidanceProduced out, on one of two backends ({@code reasoner.backend}):
 * {@code onnx} (default), the reasoner bundle in-process, whose {@code reasoner.maxDecodeTokens} bounds the explicit
 * instruction's length (0 = the bundle's own limit); or {@code openai}, a vision-language model behind an
 * OpenAI-compatible server ({@code reasoner.openai.*}, see {@link io.editstream.vlm.OpenAiSettings}), chosen whenever
 * {@code reasoner.openai.url} (REASONER_OPENAI_URL) is set. The openai backend runs {@code maxConcurrency} stage loops
 * (its calls wait on the network, not on a core), adds the endpoint's circuit to {@code /health/ready} and shows the
 * endpoint's state under {@code GET /health/reasoner}.
 */
public final class ReasonerVerticle extends StageVerticle<EditRequested, GuidanceProduced> {
    private static final Logger LOG = LoggerFactory.getLogger(ReasonerVerticle.class);
    private volatile OpenAiReasoner openai;

    public ReasonerVerticle() {
        super(Topics.REASONER, Topics.EDIT_REQUESTED, Topics.GUIDANCE_PRODUCED, "reasoner");
    }

    @Override
    protected Pipeline<EditRequested, GuidanceProduced> open(StageSettings settings, ObjectStore store) {
        JsonObject section = settings.section("reasoner");
        if (settings.reasonerBackend().equals("openai")) {
            OpenAiReasoner reasoner = new OpenAiReasoner(OpenAiReasoner.settings(section.getJsonObject("openai", new JsonObject())));
            openai = reasoner;
            String probe = reasoner.probe();
            LOG.info("reasoner backend openai: {}; endpoint {}", reasoner.description(), probe);
            LOG.info("{} model family: vision-language model behind an {}; endpoint {}", service(),
                    reasoner.description(), probe);
            LOG.info("reasoner backend openai gives no guidance tokens: the enhancer must run in text-encoder mode on the explicit"
                    + " instruction (it pairs itself when it sees REASONER_OPENAI_URL / reasoner.openai.url too)");
            return new Pipeline<>(new ReasonerHandler(reasoner, store), reasoner, reasoner.description(), reasoner.readiness());
        }
        ModelBundle bundle = ModelBundle.load(settings.bundle());
        Reasoner reasoner = Reasoner.load(bundle, settings.device(), section.getInteger("maxDecodeTokens", 0));
        LOG.info("{} model family: {}", service(), ModelFamily.describe(bundle));
        return new Pipeline<>(new ReasonerHandler(reasoner, store), reasoner, reasoner.description());
    }

    @Override
    protected int loops(StageSettings settings) {
        return settings.reasonerBackend().equals("openai")
                ? settings.section("reasoner").getJsonObject("openai", new JsonObject()).getInteger("maxConcurrency", 4) : 1;
    }

    @Override
    protected void routes(Router router) {
        router.get("/health/reasoner").handler(ctx -> {
            OpenAiReasoner backend = openai;
            ctx.json(backend == null ? new JsonObject().put("backend", "onnx") : backend.state());
        });
    }
}
