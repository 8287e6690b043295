package io.editstream.local;

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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline in one JVM: an embedded KRaft broker and S3 endpoint (or external ones), the
 * topics, and the six service verticles on one Vert.x instance, each configured exactly as it would be
 * in its own pod. Stages can be stopped and started again to exercise crash recovery.
 *
 * <p>The embedded broker and S3 endpoint are persistent ({@link EmbeddedInfra}): a stack started again on
 * the same data folder, also after it was killed, resumes every request where its stages' committed offsets
 * left it, and the Kafka Streams applications (gateway status view, enhancer join) keep their state under
 * {@code streams/} or restore it from their changelogs. Once up, the stack writes {@code connection.env}
 * ({@link ConnectionFile}) so that other programs can reach the same broker and bucket.
 */
public final class LocalStack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
    private static final Duration DEPLOY_TIMEOUT = Duration.ofMinutes(2);
    /**
     * Client settings for the embedded broker, where the whole stack dies and restarts at once: the killed
     * consumers' group memberships (Streams' too) expire after 10 s instead of 45 s, and a transaction left open
     * by a killed producer is aborted after 15 s instead of 60 s, so that a restarted stack resumes in seconds
     * rather than waiting for its own ghosts.
     */
    static final Map<String, String> RESTART_FRIENDLY_CLIENTS = Map.of(
            "session.timeout.ms", "10000",
            "heartbeat.interval.ms", "2000",
            "transaction.timeout.ms", "15000");

    private final StackOptions options;
    private final EmbeddedInfra embedded;
    private final KafkaSettings kafka;
    private final StorageSettings storage;
    private final Vertx vertx;
    private final Map<Stage, String> deployments = new EnumMap<>(Stage.class);
    private final Map<Stage, Object> verticles = new EnumMap<>(Stage.class);

    private Path connectionFile;

    private LocalStack(StackOptions options, EmbeddedInfra embedded, KafkaSettings kafka, StorageSettings storage) {
        this.options = options;
        this.embedded = embedded;
        this.kafka = kafka;
        this.storage = storage;
        this.vertx = ServiceHttp.newVertx();
    }

    /** Starts the infrastructure (unless external), creates topics and bucket, deploys every stage. */
    public static LocalStack start(StackOptions options) throws Exception {
        Files.createDirectories(options.dataDir());
        long t0 = System.nanoTime();
        EmbeddedInfra embedded = null;
        KafkaSettings kafka;
        StorageSettings storage;
        if (options.externalKafka().isPresent() && options.externalS3().isPresent()) {
            kafka = options.externalKafka().get();
            storage = options.externalS3().get();
        } else if (options.externalKafka().isEmpty() && options.externalS3().isEmpty()) {
            embedded = EmbeddedInfra.start(options.dataDir(), options.infra(), options.bucket());
            if (embedded.newCluster()) {
                // a new, empty cluster: Streams state derived from another cluster's topics would be stale
                deleteRecursively(options.dataDir().resolve("streams"));
            }
            kafka = new KafkaSettings(embedded.kafka().bootstrapServers(), RESTART_FRIENDLY_CLIENTS);
            storage = embedded.storage();
        } else {
            throw new IllegalArgumentException("an external broker and an external S3 endpoint go together");
        }
        LOG.info("infrastructure up in {} ms: kafka {} | s3 {} bucket {}", (System.nanoTime() - t0) / 1_000_000,
                kafka.bootstrapServers(), storage.endpoint(), storage.bucket());
        TopicAdmin.ensureTopics(kafka, Topics.all(), options.partitions(), (short) 1);
        try (ObjectStore store = ObjectStore.connect(storage)) {
            store.ensureBucket();
        }
        LocalStack stack = new LocalStack(options, embedded, kafka, storage);
        try {
            for (Stage stage : Stage.values()) {
                stack.start(stage);
            }
            stack.connectionFile = ConnectionFile.write(options.dataDir(), "the editstream local stack (serve, demo)",
                    ConnectionFile.values(kafka, storage, Optional.of(stack.gatewayUrl())));
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
                .put("join", new JsonObject().put("windowMs", options.joinWindowMs()))
                // local mode is one command: the gateway is open (it says so loudly) unless the options give it keys
                .put("auth", new JsonObject().put("mode", "none").put("allowAnonymous", true));
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

    /** {@code <data-dir>/connection.env}, written once the stack is up. */
    public Path connectionFile() {
        return connectionFile;
    }

    public Path dataDir() {
        return options.dataDir();
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
        if (embedded != null) {
            embedded.close();
        }
    }
}
