package io.editstream.benchmark;

import io.editstream.kafka.KafkaSettings;
import io.editstream.kafka.TopicAdmin;
import io.editstream.kafka.Topics;
import io.editstream.kafka.ViewProperties;
import io.editstream.service.ServiceVerticle;
import io.editstream.storage.ObjectStore;
import io.editstream.storage.StorageSettings;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The benchmark routes served alone, wired as the gateway wires them, for this module's ITs. */
final class BenchmarkService extends ServiceVerticle {
    private BenchmarkView view;
    private RatingPublisher ratings;
    private ObjectStore store;

    BenchmarkService() {
        super("benchmark-test");
    }

    @Override
    protected Opened open(JsonObject config) throws Exception {
        KafkaSettings kafka = KafkaSettings.fromMap(config.getJsonObject("kafka").getMap());
        TopicAdmin.ensureTopics(kafka, List.of(Topics.EDIT_SCORED.name(), Topics.RATING_SUBMITTED.name()), 3, (short) 1);
        store = own(ObjectStore.connect(StorageSettings.fromMap(config.getJsonObject("s3").getMap())));
        store.ensureBucket();
        JsonObject streams = config.getJsonObject("streams");
        view = own(new BenchmarkView(ViewProperties.of(kafka, streams.getString("applicationId") + "-benchmarks", (short) 1),
                Path.of(streams.getString("stateDir")))).start(Duration.ofSeconds(60));
        ratings = own(new RatingPublisher(kafka));
        return new Opened(0, Map.of("benchmark-view", view::running), "benchmark routes");
    }

    @Override
    protected void routes(Router router) {
        new BenchmarkApi(vertx, view, ratings, store).mount(router);
    }
}
