package io.editstream.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The single-node broker must support what the stages rely on: topics on demand and transactions. */
class EmbeddedKafkaIT {
    @TempDir
    static Path dataDir;
    static EmbeddedKafka kafka;

    @BeforeAll
    static void start() throws Exception {
        // a folder left by an earlier local run, which can never be reopened
        Files.createDirectories(dataDir.resolve("run-1"));
        Files.writeString(dataDir.resolve("run-1/meta.properties"), "stale");
        kafka = EmbeddedKafka.start(dataDir);
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    void keepsItsLogsAndConfigUnderTheDataDirectoryAndDropsEarlierRuns() throws Exception {
        assertThat(dataDir.resolve("run-1")).doesNotExist();
        assertThat(kafka.formattedNewStorage()).isTrue();
        assertThat(Files.readString(dataDir.resolve("log/meta.properties"))).contains("cluster.id=" + kafka.clusterId());
        assertThat(Files.readString(dataDir.resolve("server.properties")))
                .contains("advertised.listeners=PLAINTEXT://" + kafka.bootstrapServers())
                .contains("process.roles=broker,controller")
                .contains("transaction.state.log.replication.factor=1");
    }

    @Test
    void createsTopicsWithTheAskedPartitionsAndToleratesExistingOnes() throws Exception {
        String name = "created-" + UUID.randomUUID();
        kafka.createTopics(List.of(name), 4);
        kafka.createTopics(List.of(name), 4);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            TopicDescription topic = admin.describeTopics(Set.of(name)).allTopicNames().get().get(name);
            assertThat(topic.partitions()).hasSize(4);
            assertThat(topic.partitions().get(0).replicas()).hasSize(1);
        }
    }

    @Test
    void abortedTransactionsAreInvisibleToReadCommittedConsumers() {
        String topic = "tx-" + UUID.randomUUID();
        kafka.createTopics(List.of(topic), 3);
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        props.put("transactional.id", "it-" + UUID.randomUUID());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "a", "committed-1"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "b", "aborted"));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "c", "committed-2"));
            producer.commitTransaction();
        }
        assertThat(read(topic, "read_committed", 2)).containsExactlyInAnyOrder("committed-1", "committed-2");
        // the aborted record is in the log: only the isolation level hides it
        assertThat(read(topic, "read_uncommitted", 3)).containsExactlyInAnyOrder("committed-1", "aborted", "committed-2");
    }

    private static List<String> read(String topic, String isolation, int expected) {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        props.put("group.id", "reader-" + UUID.randomUUID());
        props.put("auto.offset.reset", "earliest");
        props.put("isolation.level", isolation);
        List<String> values = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            // keep polling a little after reaching the count, so an extra (wrongly visible) record shows up
            long settledAt = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settledAt)) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    values.add(r.value());
                }
                if (values.size() >= expected && settledAt == Long.MAX_VALUE) {
                    settledAt = System.nanoTime() + Duration.ofMillis(500).toNanos();
                }
            }
        }
        return values;
    }
}
