package io.editstream.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker inside this JVM: one combined KRaft controller+broker node on a random port,
 * set up so that transactions and Kafka Streams exactly_once_v2 work on a single node (every internal
 * topic with replication factor 1). Used by local mode and by the integration tests.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final KafkaClusterTestKit cluster;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** A broker whose data lives in a temporary folder removed on close. */
    public static EmbeddedKafka start() {
        return start(null);
    }

    /**
     * A broker whose log folders live under {@code dataDir/run-<millis>}, kept after close for inspection.
     * Topics do not survive a restart: the test kit gives every start new random directory ids in its
     * {@code meta.properties} and always formats, so earlier runs can never be reopened and are removed here.
     */
    public static EmbeddedKafka start(Path dataDir) {
        long t0 = System.nanoTime();
        KafkaClusterTestKit cluster = null;
        try {
            TestKitNodes.Builder nodes = new TestKitNodes.Builder(productionFeatures())
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1);
            if (dataDir != null) {
                removeEarlierRuns(dataDir);
                Path base = dataDir.resolve("run-" + System.currentTimeMillis());
                Files.createDirectories(base);
                nodes.setBaseDirectory(base);
            }
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes.build())
                    .setDeleteOnClose(dataDir == null);
            brokerConfig().forEach(builder::setConfigProp);
            cluster = builder.build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            EmbeddedKafka kafka = new EmbeddedKafka(cluster);
            LOG.info("embedded Kafka (KRaft, 1 node) ready at {} in {} ms, data in {}", kafka.bootstrapServers(),
                    (System.nanoTime() - t0) / 1_000_000, cluster.nodes().baseDirectory());
            return kafka;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(cluster);
            throw new IllegalStateException("interrupted while starting the embedded Kafka broker", e);
        } catch (Exception e) {
            closeQuietly(cluster);
            throw new IllegalStateException("cannot start the embedded Kafka broker: " + e.getMessage(), e);
        }
    }

    private static void removeEarlierRuns(Path dataDir) throws IOException {
        if (!Files.isDirectory(dataDir)) {
            return;
        }
        try (Stream<Path> runs = Files.list(dataDir)) {
            for (Path run : runs.filter(p -> p.getFileName().toString().startsWith("run-")).toList()) {
                try (Stream<Path> tree = Files.walk(run)) {
                    for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    private static void closeQuietly(KafkaClusterTestKit cluster) {
        if (cluster != null) {
            try {
                cluster.close();
            } catch (Exception e) {
                LOG.warn("cleaning up after a failed broker start: {}", e.toString());
            }
        }
    }

    /**
     * What {@code kafka-storage format} writes on a real 4.x broker: the latest production metadata version
     * with each feature (transactions v2, consumer groups, ...) at its default level. The test kit would
     * otherwise boot at unreleased testing levels that no production broker runs.
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

    /** Single-node settings: internal topics must not ask for more replicas than there are brokers. */
    static Map<String, String> brokerConfig() {
        return Map.ofEntries(
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "3"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("transaction.state.log.num.partitions", "3"),
                Map.entry("min.insync.replicas", "1"),
                Map.entry("default.replication.factor", "1"),
                Map.entry("num.partitions", "3"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("auto.create.topics.enable", "true"),
                Map.entry("unstable.api.versions.enable", "false"),
                Map.entry("unstable.feature.versions.enable", "false"));
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Creates the topics that do not exist yet (replication factor 1). */
    public void createTopics(Collection<String> names, int partitions) {
        try (Admin admin = cluster.admin()) {
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
            cluster.close();
        } catch (Exception e) {
            LOG.warn("closing the embedded Kafka broker: {}", e.toString());
        }
    }
}
