package io.editstream.enhancer;

import io.editstream.kafka.SchemaRegistry;
import io.editstream.kafka.StageMetrics;
import io.editstream.kafka.StreamsApp;
import io.editstream.kafka.TopicAdmin;
import io.editstream.kafka.Topics;
import io.editstream.onnx.ModelBundle;
import io.editstream.onnx.ModelFamily;
import io.editstream.service.ServiceHttp;
import io.editstream.service.ServiceVerticle;
import io.editstream.stage.StageSettings;
import io.editstream.storage.ObjectStore;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enhancer service: fusion model and object store → topics → the join topology on Kafka Streams
 * (exactly_once_v2), awaited until RUNNING before health opens; readiness stays tied to that state. Stop
 * closes Streams first, so no fusion is mid-flight when the model and the store go.
 */
public final class EnhancerVerticle extends ServiceVerticle {
    private static final Logger LOG = LoggerFactory.getLogger(EnhancerVerticle.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    public EnhancerVerticle() {
        super(EnhancerEvents.STAGE);
    }

    @Override
    protected Opened open(JsonObject json) throws Exception {
        EnhancerConfig cfg = EnhancerConfig.from(json);
        StageSettings stage = cfg.stage();
        ModelBundle bundle = ModelBundle.load(stage.bundle());
        ObjectStore store = own(ObjectStore.connect(stage.storage()));
        store.ensureBucket();
        if (cfg.pairedWithOpenAiReasoner()) {
            LOG.info("reasoner backend openai (reasoner.openai.url set) gives no guidance tokens: fusion.mode auto pairs it with the"
                    + " text encoder, conditioning on the explicit instruction with the CLIP text encoder of {}", stage.bundle());
        }
        TextEncoderFuser text = cfg.textEncoderMode() ? textEncoder(cfg, bundle, store) : null;
        Fuser.Loaded fuser = own(text != null ? text : new OnnxFuser(bundle, stage.device(), store));
        LOG.info("{} model family: {}", service(), text != null
                ? text.description() + " (text-encoder mode: conditions on the explicit instruction; cues and guidance tokens are not"
                        + " fused) of " + ModelFamily.describe(bundle)
                : ModelFamily.describe(bundle));
        TopicAdmin.ensureTopics(stage.kafka(), List.of(Topics.GUIDANCE_PRODUCED.name(), Topics.CUES_EXTRACTED.name(),
                Topics.CONDITIONING_PRODUCED.name(), Topics.failed(service()).name(), Topics.deadLetter(service())),
                stage.partitions(), stage.replication());
        own(SchemaRegistry.forService(json.getJsonObject("kafka", new JsonObject()).getMap(),
                List.of(Topics.CONDITIONING_PRODUCED, Topics.failed(service()))));
        StreamsApp app = own(new StreamsApp(service(), EnhancerTopology.build(cfg, new TenantScopedFuser(fuser), tracing()),
                EnhancerTopology.streamsProperties(cfg), cfg.stateDir()));
        app.start(START_TIMEOUT);
        own(StageMetrics.streamsLag(ServiceHttp.meterRegistry(), service(), () -> app.streams().metrics()));
        String description = String.format("joining guidance and cues within %s s, %s with model %s %s on %s"
                        + " (exactly_once_v2, application.id %s)", EnhancerEvents.seconds(cfg.joinWindow()),
                text != null ? text.description() + " of the explicit instruction"
                        + (cfg.pairedWithOpenAiReasoner() ? " (paired with the openai reasoner backend)" : "") : "learned fusion",
                bundle.name(), bundle.version(), fuser.provider(), cfg.applicationId());
        return new Opened(stage.httpPort(), Map.of("streams", app::running), description);
    }

    private static TextEncoderFuser textEncoder(EnhancerConfig cfg, ModelBundle bundle, ObjectStore store) {
        try {
            return new TextEncoderFuser(bundle, cfg.stage().device(), store, cfg.offloadTextEncoders());
        } catch (RuntimeException e) {
            if (!cfg.pairedWithOpenAiReasoner()) {
                throw e;
            }
            throw new IllegalStateException("the openai reasoner backend pairs the enhancer with the text encoder, which needs an Optimum"
                    + " export (text_encoder/, tokenizer/) as model.bundle / MODEL_BUNDLE, e.g. the renderer's InstructPix2Pix export: "
                    + e.getMessage(), e);
        }
    }
}
