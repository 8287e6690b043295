package io.editstream.local;

import io.editstream.embedded.EmbeddedKafka;
import io.editstream.embedded.EmbeddedS3;
import io.editstream.kafka.KafkaSettings;
import io.editstream.kafka.TopicAdmin;
import io.editstream.kafka.Topics;
import io.editstream.service.ServiceHttp;
import io.editstream.storage.ObjectStore;
import io.editstream.storage.StorageSettings;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline in one JVM: an embedded KRaft broker and S3 endpoint (or external ones), the
 * topics, and the six service verticles on one Vert.x instance, each configured exactly as it would be
 * in its own pod. Stages can be stopped and started again to exercise crash recovery.
 */
public final class LocalStack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
    private static final Duration DEPLOY_TIMEOUT = Duration.ofMinutes(2);

    private final StackOptions options;
    private final EmbeddedKafka embeddedKafka;
    private final EmbeddedS3 embeddedS3;
    private final KafkaSettings kafka;
    private final StorageSettings storage;
    private final Vertx vertx;
    private final Map<Stage, String> deployments = new EnumMap<>(Stage.class);
    private final Map<Stage, Object> verticles = new EnumMap<>(Stage.class);

    private LocalStack(StackOptions options, EmbeddedKafka embeddedKafka, EmbeddedS3 embeddedS3,
                       KafkaSettings kafka, StorageSettings storage) {
        this.options = options;
        this.embeddedKafka = embeddedKafka;
        this.embeddedS3 = embeddedS3;
        this.kafka = kafka;
        this.storage = storage;
        this.vertx = ServiceHttp.newVertx();
    }

    /** Starts the infrastructure (unless external), creates topics and bucket, deploys every stage. */
    public static LocalStack start(StackOptions options) throws Exception {
        Files.createDirectories(options.dataDir());
        long t0 = System.nanoTime();
        EmbeddedKafka embeddedKafka = null;
        EmbeddedS3 embeddedS3 = null;
        KafkaSettings kafka;
        StorageSettings storage;
        if (options.externalKafka().isPresent()) {
            kafka = options.externalKafka().get();
        } else {
            embeddedKafka = EmbeddedKafka.start(options.dataDir().resolve("kafka"));
            // the embedded broker starts empty every run, so Streams state derived from an earlier run's topics is stale
            deleteRecursively(options.dataDir().resolve("streams"));
            kafka = KafkaSettings.of(embeddedKafka.bootstrapServers());
        }
        if (options.externalS3().isPresent()) {
            storage = options.externalS3().get();
        } else {
            embeddedS3 = EmbeddedS3.startFilesystem(options.dataDir().resolve("s3"), 0);
            storage = new StorageSettings(embeddedS3.endpoint(), embeddedS3.accessKey(), embeddedS3.secretKey(),
                    options.bucket(), "us-east-1");
        }
        LOG.info("infrastructure up in {} ms: kafka {} | s3 {} bucket {}", (System.nanoTime() - t0) / 1_000_000,
                kafka.bootstrapServers(), storage.endpoint(), storage.bucket());
        TopicAdmin.ensureTopics(kafka, Topics.all(), options.partitions(), (short) 1);
        try (ObjectStore store = ObjectStore.connect(storage)) {
            store.ensureBucket();
        }
        LocalStack stack = new LocalStack(options, embeddedKafka, embeddedS3, kafka, storage);
        try {
            for (Stage stage : Stage.values()) {
                stack.start(stage);
            }
        } catch (Exception e) {
            stack.close();
            throw e;
        }
        LOG.info("EditStream is up in {} ms: gateway {}", (System.nanoTime() - t0) / 1_000_000, stack.gatewayUrl());
        return stack;
    }

    /** Deploys one stage (again); returns once it is started. */
    public synchronized void start(Stage stage) throws Exception {
        if (deployments.containsKey(stage)) {
            throw new IllegalStateException(stage.service() + " is already running");
        }
        var verticle = stage.newVerticle();
        String id = await(vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config(stage))));
        deployments.put(stage, id);
        verticles.put(stage, verticle);
        LOG.info("{} started", stage.service());
    }

    /** Undeploys one stage, as a pod being killed would stop consuming. */
    public synchronized void stop(Stage stage) throws Exception {
        String id = deployments.remove(stage);
        verticles.remove(stage);
        if (id != null) {
            await(vertx.undeploy(id));
            LOG.info("{} stopped", stage.service());
        }
    }

    JsonObject config(Stage stage) {
        String service = stage.service();
        JsonObject own = new JsonObject()
                .put("http", new JsonObject().put("port", stage == Stage.GATEWAY ? options.gatewayPort() : 0))
                .put("kafka", new JsonObject()
                        .put("bootstrap", kafka.bootstrapServers())
                        .put("partitions", options.partitions())
                        .put("properties", new JsonObject(Map.copyOf(kafka.extra()))))
                .put("s3", new JsonObject()
                        .put("endpoint", storage.endpoint())
                        .put("accessKey", storage.accessKey())
                        .put("secretKey", storage.secretKey())
                        .put("bucket", storage.bucket())
                        .put("region", storage.region()))
                .put("streams", new JsonObject()
                        .put("stateDir", options.dataDir().resolve("streams").resolve(service).toString()))
                .put("join", new JsonObject().put("windowMs", options.joinWindowMs()));
        return options.stageConfig().isEmpty() ? own : own.mergeIn(options.stageConfig().copy(), true);
    }

    public String gatewayUrl() {
        return "http://localhost:" + ((io.editstream.gateway.GatewayVerticle) verticles.get(Stage.GATEWAY)).httpPort();
    }

    public KafkaSettings kafka() {
        return kafka;
    }

    public StorageSettings storage() {
        return storage;
    }

    public Path dataDir() {
        return options.dataDir();
    }

    public Vertx vertx() {
        return vertx;
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(DEPLOY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public synchronized void close() {
        try {
            await(vertx.close());
        } catch (Exception e) {
            LOG.warn("closing services: {}", e.toString());
        }
        deployments.clear();
        verticles.clear();
        if (embeddedS3 != null) {
            embeddedS3.close();
        }
        if (embeddedKafka != null) {
            embeddedKafka.close();
        }
    }
}
