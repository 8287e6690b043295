package io.editstream.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
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
    private static final String LOG_DIR = "log";

    private final KafkaRaftServer server;
    private final Path dir;
    private final boolean deleteOnClose;
    private final int port;
    private final boolean formatted;
    private final String clusterId;
    private final int securePort;

    private EmbeddedKafka(KafkaRaftServer server, Path dir, boolean deleteOnClose, int port, boolean formatted, String clusterId,
            int securePort) {
        this.securePort = securePort;
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
            return start(Files.createTempDirectory("embedded-kafka"), 0, true, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder for the embedded Kafka broker", e);
        }
    }

    /**
     * A fresh temporary broker that also listens for SASL_SSL clients (SCRAM-SHA-512, serving {@code tls}'s
     * certificate) at {@link #secureBootstrapServers()}; users are added with {@link #addScramUser}. The plaintext
     * listener stays, for the broker's own traffic and for the admin calls that set up users and topics.
     */
    public static EmbeddedKafka startSaslSsl(SelfSignedTls tls) {
        try {
            return start(Files.createTempDirectory("embedded-kafka"), 0, true, tls);
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
        return start(dataDir, port, false, null);
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
            return BrokerProperties.rememberedPort(BrokerProperties.read(dataDir.toAbsolutePath().resolve(BrokerProperties.FILE)))
                    .orElseGet(LocalPorts::free);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dataDir.resolve(BrokerProperties.FILE), e);
        }
    }

    private static EmbeddedKafka start(Path dir, int requestedPort, boolean deleteOnClose, SelfSignedTls tls) {
        long t0 = System.nanoTime();
        KafkaRaftServer server = null;
        try {
            dir = dir.toAbsolutePath();
            Files.createDirectories(dir);
            Folders.removeEarlierRuns(dir);
            Path logDir = dir.resolve(LOG_DIR);
            Properties previous = BrokerProperties.read(dir.resolve(BrokerProperties.FILE));
            int port = requestedPort != 0 ? requestedPort : BrokerProperties.rememberedPort(previous).orElseGet(LocalPorts::free);
            if (!LocalPorts.isFree(port)) {
                throw new IllegalStateException("port " + port + (requestedPort == 0 ? " (kept from the last start on " + dir + ")" : "")
                        + " is in use: is another broker running on this data folder? Otherwise choose a port");
            }
            // the controller listener is internal and its address is not stored with a static quorum: any free port
            Properties props = BrokerProperties.of(logDir, port, LocalPorts.free());
            int securePort = tls == null ? -1 : LocalPorts.free();
            if (tls != null) {
                BrokerProperties.addSaslSsl(props, securePort, tls);
            }
            BrokerProperties.write(dir.resolve(BrokerProperties.FILE), props,
                    "written by EditStream at every start; the broker is equivalent to: kafka-server-start.sh server.properties");
            boolean format = !KraftStorage.isFormatted(logDir);
            String clusterId = format ? Uuid.randomUuid().toString() : KraftStorage.clusterIdOf(logDir);
            if (format) {
                KraftStorage.format(props, logDir, clusterId);
            }
            KafkaConfig config = KafkaConfig.fromProps(props, false);
            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            EmbeddedKafka kafka = new EmbeddedKafka(server, dir, deleteOnClose, port, format, clusterId, securePort);
            kafka.awaitReady(Duration.ofSeconds(60));
            LOG.info("embedded Kafka (KRaft, 1 node, cluster {}) ready at {} in {} ms, {} in {}", clusterId, kafka.bootstrapServers(),
                    (System.nanoTime() - t0) / 1_000_000, format ? "storage formatted" : "storage reopened", dir);
            return kafka;
        } catch (Exception e) {
            if (server != null) {
                stop(server, dir, deleteOnClose, "cleaning up after a failed broker start");
            }
            if (e instanceof IllegalStateException ise) {
                throw ise;
            }
            throw new IllegalStateException("cannot start the embedded Kafka broker: " + e.getMessage(), e);
        }
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

    public String bootstrapServers() {
        return BrokerProperties.HOST + ":" + port;
    }

    /** The SASL_SSL listener's address, for a broker from {@link #startSaslSsl}. */
    public String secureBootstrapServers() {
        if (securePort < 0) {
            throw new IllegalStateException("this broker has no SASL_SSL listener: start it with startSaslSsl");
        }
        return BrokerProperties.HOST + ":" + securePort;
    }

    /** Creates or replaces a SCRAM-SHA-512 user (through the plaintext listener, as an operator would with kafka-configs). */
    public void addScramUser(String user, String password) {
        try (Admin admin = admin()) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192),
                    password))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot add SCRAM user " + user + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted adding SCRAM user " + user, e);
        }
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
        stop(server, dir, deleteOnClose, "closing the embedded Kafka broker");
    }

    /** Shuts {@code server} down, logging rather than throwing (a close must not hide the error that led to it). */
    private static void stop(KafkaRaftServer server, Path dir, boolean deleteDir, String doing) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("{}: {}", doing, e.toString());
        }
        if (deleteDir) {
            Folders.deleteTree(dir);
        }
    }
}
