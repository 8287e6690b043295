package io.editstream.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker inside this JVM: one combined KRaft controller+broker node, what {@code kafka.Kafka}
 * runs from a {@code server.properties}, set up so that transactions and Kafka Streams exactly_once_v2 work on
 * a single node (every internal topic with replication factor 1).
 *
 * <p>With a data directory the broker is persistent, like an installed one: its {@code server.properties}
 * and log folder live there, storage is formatted (fixed cluster id, production feature levels) only on the
 * first start, and a later start on the same folder reopens the same topics, offsets, consumer groups and
 * transactions, also after the JVM was killed (the logs are recovered as after any unclean shutdown). Port 0
 * picks a free port on the first start and then keeps it, so the advertised address clients were given
 * stays valid across restarts. Without a data directory it runs from a temporary folder removed on close.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    static final String SERVER_PROPERTIES = "server.properties";
    static final String LOG_DIR = "log";
    /** The folder layout of earlier versions (one test-kit cluster per run), which can never be reopened. */
    private static final String EARLIER_RUN_PREFIX = "run-";

    private final KafkaRaftServer server;
    private final Path dir;
    private final boolean deleteOnClose;
    private final int port;
    private final boolean formatted;
    private final String clusterId;

    private EmbeddedKafka(KafkaRaftServer server, Path dir, boolean deleteOnClose, int port, boolean formatted, String clusterId) {
        this.server = server;
        this.dir = dir;
        this.deleteOnClose = deleteOnClose;
        this.port = port;
        this.formatted = formatted;
        this.clusterId = clusterId;
    }

    /** A fresh broker on a free port whose data lives in a temporary folder removed on close (tests). */
    public static EmbeddedKafka start() {
        try {
            return start(Files.createTempDirectory("embedded-kafka"), 0, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder for the embedded Kafka broker", e);
        }
    }

    /** A persistent broker under {@code dataDir}, on the port of its last start (a free one the first time). */
    public static EmbeddedKafka start(Path dataDir) {
        return start(dataDir, 0);
    }

    /**
     * A persistent broker under {@code dataDir}. {@code port} 0 reuses the port of the last start on this folder,
     * or picks a free one on the first start; any other port is used as given (and remembered).
     */
    public static EmbeddedKafka start(Path dataDir, int port) {
        return start(dataDir, port, false);
    }

    /**
     * The port a start on {@code dataDir} with {@code requestedPort} would listen on: the one given, else the last
     * start's, else a free one now; lets a supervisor name the address before the broker process runs.
     */
    public static int plannedPort(Path dataDir, int requestedPort) {
        if (requestedPort != 0) {
            return requestedPort;
        }
        try {
            return rememberedPort(readProperties(dataDir.toAbsolutePath().resolve(SERVER_PROPERTIES))).orElseGet(EmbeddedKafka::freePort);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dataDir.resolve(SERVER_PROPERTIES), e);
        }
    }

    private static EmbeddedKafka start(Path dir, int requestedPort, boolean deleteOnClose) {
        long t0 = System.nanoTime();
        KafkaRaftServer server = null;
        try {
            dir = dir.toAbsolutePath();
            Files.createDirectories(dir);
            removeEarlierRuns(dir);
            Path logDir = dir.resolve(LOG_DIR);
            Properties previous = readProperties(dir.resolve(SERVER_PROPERTIES));
            int port = requestedPort != 0 ? requestedPort : rememberedPort(previous).orElseGet(EmbeddedKafka::freePort);
            if (!portIsFree(port)) {
                throw new IllegalStateException("port " + port + (requestedPort == 0 ? " (kept from the last start on " + dir + ")" : "")
                        + " is in use: is another broker running on this data folder? Otherwise choose a port");
            }
            // the controller listener is internal and its address is not stored with a static quorum: any free port
            Properties props = serverProperties(logDir, port, freePort());
            writeProperties(dir.resolve(SERVER_PROPERTIES), props,
                    "written by EditStream at every start; the broker is equivalent to: kafka-server-start.sh server.properties");
            boolean format = !Files.exists(logDir.resolve("meta.properties"));
            String clusterId = format ? Uuid.randomUuid().toString() : clusterIdOf(logDir);
            if (format) {
                format(props, logDir, clusterId);
            }
            KafkaConfig config = KafkaConfig.fromProps(props, false);
            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            EmbeddedKafka kafka = new EmbeddedKafka(server, dir, deleteOnClose, port, format, clusterId);
            kafka.awaitReady(Duration.ofSeconds(60));
            LOG.info("embedded Kafka (KRaft, 1 node, cluster {}) ready at {} in {} ms, {} in {}", clusterId, kafka.bootstrapServers(),
                    (System.nanoTime() - t0) / 1_000_000, format ? "storage formatted" : "storage reopened", dir);
            return kafka;
        } catch (Exception e) {
            if (server != null) {
                try {
                    server.shutdown();
                    server.awaitShutdown();
                } catch (RuntimeException closing) {
                    LOG.warn("cleaning up after a failed broker start: {}", closing.toString());
                }
            }
            if (deleteOnClose) {
                deleteTree(dir);
            }
            if (e instanceof IllegalStateException ise) {
                throw ise;
            }
            throw new IllegalStateException("cannot start the embedded Kafka broker: " + e.getMessage(), e);
        }
    }

    /** What {@code kafka-storage format --config server.properties --cluster-id ID} does, at production feature levels. */
    private static void format(Properties props, Path logDir, String clusterId) throws Exception {
        Formatter formatter = new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(NODE_ID)
                .setClusterId(clusterId)
                .addDirectory(logDir.toString())
                .setMetadataLogDirectory(logDir.toString())
                .setControllerListenerName(props.getProperty("controller.listener.names"))
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .setUnstableFeatureVersionsEnabled(false)
                .setIgnoreFormatted(false);
        BootstrapMetadata bootstrap = productionFeatures();
        formatter.setReleaseVersion(bootstrap.metadataVersion());
        for (Feature feature : Feature.PRODUCTION_FEATURES) {
            if (feature != Feature.KRAFT_VERSION) {
                formatter.setFeatureLevel(feature.featureName(), bootstrap.featureLevel(feature.featureName()));
            }
        }
        formatter.run();
    }

    /**
     * What {@code kafka-storage format} writes on a real 4.x broker: the latest production metadata version
     * with each feature (transactions v2, consumer groups, ...) at its default level.
     */
    static BootstrapMetadata productionFeatures() {
        MetadataVersion version = MetadataVersion.latestProduction();
        Map<String, Short> levels = new HashMap<>();
        for (Feature feature : Feature.PRODUCTION_FEATURES) {
            if (feature != Feature.KRAFT_VERSION) { // set by the quorum, not a bootstrap record
                levels.put(feature.featureName(), feature.defaultLevel(version));
            }
        }
        return BootstrapMetadata.fromVersions(version, levels, "editstream");
    }

    /** The broker's complete configuration: a single combined node on 127.0.0.1 with a static quorum of itself. */
    static Properties serverProperties(Path logDir, int port, int controllerPort) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        props.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        props.put("metadata.log.dir", logDir.toString());
        props.putAll(brokerConfig());
        return props;
    }

    /** Single-node settings: internal topics must not ask for more replicas than there are brokers. */
    static Map<String, String> brokerConfig() {
        return Map.ofEntries(
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "3"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("transaction.state.log.num.partitions", "3"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("min.insync.replicas", "1"),
                Map.entry("default.replication.factor", "1"),
                Map.entry("num.partitions", "3"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                // restarted after kill -9, the node finds its own previous registration still alive until this
                // session expires (9 s by default) and cannot register before: keep that wait short
                Map.entry("broker.heartbeat.interval.ms", "1000"),
                Map.entry("broker.session.timeout.ms", "5000"),
                // a killed client's open transaction is aborted soon after it times out, not up to a minute later
                Map.entry("transaction.abort.timed.out.transaction.cleanup.interval.ms", "5000"),
                Map.entry("auto.create.topics.enable", "true"),
                Map.entry("unstable.api.versions.enable", "false"),
                Map.entry("unstable.feature.versions.enable", "false"));
    }

    private void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        try (Admin admin = admin()) {
            while (System.nanoTime() < deadline) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    last = e;
                }
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("the broker did not become ready within " + timeout.toSeconds() + " s", last);
    }

    private static java.util.Optional<Integer> rememberedPort(Properties previous) {
        String advertised = previous.getProperty("advertised.listeners", "");
        int colon = advertised.lastIndexOf(':');
        if (colon < 0) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(Integer.parseInt(advertised.substring(colon + 1).trim()));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    private static String clusterIdOf(Path logDir) throws IOException {
        String id = readProperties(logDir.resolve("meta.properties")).getProperty("cluster.id");
        if (id == null) {
            throw new IllegalStateException(logDir.resolve("meta.properties") + " has no cluster.id");
        }
        return id;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(HOST, 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port", e);
        }
    }

    static boolean portIsFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(HOST, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Properties readProperties(Path file) throws IOException {
        Properties props = new Properties();
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file)) {
                props.load(in);
            }
        }
        return props;
    }

    private static void writeProperties(Path file, Properties props, String comment) throws IOException {
        StringBuilder text = new StringBuilder("# ").append(comment).append('\n');
        new TreeMap<>(props).forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer out = Files.newBufferedWriter(tmp)) {
            out.write(text.toString());
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void removeEarlierRuns(Path dir) throws IOException {
        try (Stream<Path> runs = Files.list(dir)) {
            for (Path run : runs.filter(p -> p.getFileName().toString().startsWith(EARLIER_RUN_PREFIX)).toList()) {
                LOG.info("removing {}, left by an earlier version that formatted a new cluster at every start", run);
                deleteTree(run);
            }
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", root, e.toString());
        }
    }

    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    /** The folder holding {@code server.properties} and the log folder. */
    public Path directory() {
        return dir;
    }

    /** Whether this start formatted new storage (a new, empty cluster) rather than reopening an existing one. */
    public boolean formattedNewStorage() {
        return formatted;
    }

    public String clusterId() {
        return clusterId;
    }

    /** An admin client for this broker; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", bootstrapServers()));
    }

    /** Creates the topics that do not exist yet (replication factor 1). */
    public void createTopics(Collection<String> names, int partitions) {
        try (Admin admin = admin()) {
            List<NewTopic> topics = names.stream().map(n -> new NewTopic(n, partitions, (short) 1)).toList();
            admin.createTopics(topics).values().forEach((name, future) -> {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause().getMessage(), e);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted creating topic " + name, e);
                }
            });
        }
    }

    @Override
    public void close() {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("closing the embedded Kafka broker: {}", e.toString());
        }
        if (deleteOnClose) {
            deleteTree(dir);
        }
    }
}
