package io.editstream.reasoner;

import io.editstream.events.EditRequested;
import io.editstream.events.GuidanceProduced;
import io.editstream.kafka.Topics;
import io.editstream.onnx.ModelBundle;
import io.editstream.stage.StageSettings;
import io.editstream.stage.StageVerticle;
import io.editstream.storage.ObjectStore;

/**
 * The reasoner service: EditRequested in, GuidanceProduced out. {@code reasoner.maxDecodeTokens} bounds
 * the explicit instruction's length (0 = the bundle's own limit).
 */
public final class ReasonerVerticle extends StageVerticle<EditRequested, GuidanceProduced> {

    public ReasonerVerticle() {
        super(Topics.REASONER, Topics.EDIT_REQUESTED, Topics.GUIDANCE_PRODUCED, "reasoner");
    }

    @Override
    protected Pipeline<EditRequested, GuidanceProduced> open(StageSettings settings, ObjectStore store) {
        Reasoner reasoner = Reasoner.load(ModelBundle.load(settings.bundle()), settings.device(),
                settings.section("reasoner").getInteger("maxDecodeTokens", 0));
        return new Pipeline<>(new ReasonerHandler(reasoner, store), reasoner,
                "model " + reasoner.modelId() + " " + reasoner.modelVersion() + " on " + reasoner.provider());
    }
}
