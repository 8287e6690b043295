package io.editstream.stage;

import io.editstream.kafka.SchemaRegistry;
import io.editstream.kafka.StageHandler;
import io.editstream.kafka.StageLoop;
import io.editstream.kafka.StageLoopConfig;
import io.editstream.kafka.Topic;
import io.editstream.kafka.TopicAdmin;
import io.editstream.kafka.Topics;
import io.editstream.service.ServiceHttp;
import io.editstream.service.ServiceVerticle;
import io.editstream.storage.ObjectStore;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.avro.specific.SpecificRecord;

/**
 * A model stage as a service: object store and model → its topics and bucket → the stage loops on their own
 * threads. Stop closes the loops first (the record in hand finishes and commits), then the model and the
 * store. A subclass only says which topics it joins and opens its handler; every input is checked to name only
 * objects under its tenant's prefix before the handler sees it ({@link TenantScopedHandler}).
 */
public abstract class StageVerticle<I extends SpecificRecord, O extends SpecificRecord> extends ServiceVerticle {

    /**
     * What a stage opens at start-up: its handler, the model behind it (closed on stop), a line for the log, and
     * readiness checks of its own (a remote model endpoint, say) beside the stage loops'.
     */
    public record Pipeline<I extends SpecificRecord, O extends SpecificRecord>(StageHandler<I, O> handler,
                                                                                 AutoCloseable model, String description,
                                                                                 Map<String, BooleanSupplier> readiness) {
        public Pipeline {
            readiness = Map.copyOf(readiness);
        }

        public Pipeline(StageHandler<I, O> handler, AutoCloseable model, String description) {
            this(handler, model, description, Map.of());
        }
    }

    private final Topic<I> input;
    private final Topic<O> output;
    private final String defaultBundle;
    private volatile List<StageLoop<I, O>> loops = List.of();

    protected StageVerticle(String service, Topic<I> input, Topic<O> output, String defaultBundle) {
        super(service);
        this.input = input;
        this.output = output;
        this.defaultBundle = defaultBundle;
    }

    /** Loads the model and builds the handler; runs on a worker thread. */
    protected abstract Pipeline<I, O> open(StageSettings settings, ObjectStore store) throws Exception;

    /**
     * How many stage loops (consumers of the group, one record at a time each) share the handler; more than one
     * lets a handler that batches across calls, like the renderer's, see requests side by side. The handler
     * must then be thread-safe.
     */
    protected int loops(StageSettings settings) {
        return 1;
    }

    @Override
    protected final Opened open(JsonObject config) throws Exception {
        StageSettings settings = StageSettings.from(config, defaultBundle);
        ObjectStore store = own(ObjectStore.connect(settings.storage()));
        Pipeline<I, O> pipeline = open(settings, store);
        own(pipeline.model());
        store.ensureBucket();
        TopicAdmin.ensureTopics(settings.kafka(), List.of(input.name(), output.name(), Topics.failed(service()).name(),
                Topics.deadLetter(service())), settings.partitions(), settings.replication());
        own(SchemaRegistry.forService(config.getJsonObject("kafka", new JsonObject()).getMap(), List.of(output, Topics.failed(service()))));
        List<StageLoop<I, O>> started = new ArrayList<>();
        for (int i = 0; i < loops(settings); i++) {
            String member = settings.instanceId().isEmpty() ? "" : settings.instanceId() + "-loop" + i;
            StageLoopConfig cfg = StageLoopConfig.defaults(settings.kafka(), service()).withInstanceId(member);
            StageLoop<I, O> loop = own(new StageLoop<>(cfg, input, output,
                    new TenantScopedHandler<>(pipeline.handler()), ServiceHttp.meterRegistry(), tracing()));
            started.add(loop);
            loops = List.copyOf(started);
            loop.start();
        }
        Map<String, BooleanSupplier> checks = new HashMap<>(pipeline.readiness());
        checks.put("stage-loop", () -> !loops.isEmpty() && loops.stream().allMatch(StageLoop::isHealthy));
        return new Opened(settings.httpPort(), checks, pipeline.description());
    }

    /** Input records this instance has answered (output or failure committed). */
    public long processedCount() {
        return loops.stream().mapToLong(StageLoop::processedCount).sum();
    }
}
