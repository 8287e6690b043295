package io.editstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Python client ({@code examples/python/publish_edit.py}) against a running {@code serve}, with
 * nothing but the environment its {@code connection.env} sets: it uploads with boto3, publishes an
 * {@code EditRequested} in single-object encoding, and reads the scored result with read_committed; the
 * gateway's status view shows the request too. Needs python3-confluent-kafka, python3-avro and python3-boto3
 * ({@code .ci/run} installs them); only where they are missing is the test skipped, saying so.
 */
class PythonClientIT {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final String REQUESTED = "gateway.edit.requested";

    @TempDir
    Path dataDir;

    @Test
    void thePythonExamplePublishesARequestAndReadsItsScoredResult() throws Exception {
        assumeThat(pythonModulesPresent())
                .as("/usr/bin/python3 with confluent_kafka, avro and boto3 (apt-get install python3-confluent-kafka"
                        + " python3-avro python3-boto3; .ci/run does) is needed for the Python client example")
                .isTrue();
        Path root = repositoryRoot();
        Path out = dataDir.resolve("edited.png");
        try (ServeProcess serve = ServeProcess.start(dataDir.resolve("stack"), "serve-python.log", Duration.ofMinutes(2))) {
            ProcessBuilder builder = new ProcessBuilder(PYTHON.toString(), root.resolve("examples/python/publish_edit.py").toString(),
                    root.resolve("samples/tabletop-1.png").toString(), "what if the red ball rolled off the table?",
                    "--steps", "2", "--timeout", "120", "--out", out.toString())
                    .directory(dataDir.toFile()).redirectErrorStream(true);
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(k -> k.startsWith("KAFKA_") || k.startsWith("S3_"));
            env.putAll(serve.connection());
            Process python = builder.start();
            String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(python.waitFor(150, TimeUnit.SECONDS)).isTrue();
            assertThat(python.exitValue()).as(output).isZero();
            Matcher scored = Pattern.compile("SCORED ([0-9a-f-]{36})").matcher(output);
            assertThat(scored.find()).as(output).isTrue();
            assertThat(output).contains("scores:", "clip_t=");
            assertThat(Files.readAllBytes(out)).as("the edited image, downloaded from S3").startsWith(0x89, 'P', 'N', 'G');

            assertThat(partitionOf(serve.connection().get("KAFKA_BOOTSTRAP"), scored.group(1)))
                    .as("the request's partition: the one the Java client (murmur2) would choose, as the stages do")
                    .isEqualTo(javaPartition(serve.connection().get("KAFKA_BOOTSTRAP"), scored.group(1)));

            // the status view folds the same topics on its own, so it may catch up a moment later
            String state = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!"SCORED".equals(state) && System.nanoTime() < deadline) {
                String status = ServeProcess.status(serve.gatewayUrl(), scored.group(1));
                state = status == null ? null : new JsonObject(status).getString("state");
                Thread.sleep(100);
            }
            assertThat(state).as("the gateway's status view sees a request published straight to Kafka").isEqualTo("SCORED");
        }
    }

    /** The partition of {@code gateway.edit.requested} that holds the request the example published. */
    private static int partitionOf(String bootstrap, String requestId) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrap)) {
            List<TopicPartition> partitions = consumer.partitionsFor(REQUESTED).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (requestId.equals(record.key())) {
                        return record.partition();
                    }
                }
            }
            throw new AssertionError("request " + requestId + " not found in " + REQUESTED);
        }
    }

    private static int javaPartition(String bootstrap, String requestId) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrap)) {
            int count = consumer.partitionsFor(REQUESTED).size();
            return Utils.toPositive(Utils.murmur2(requestId.getBytes(StandardCharsets.UTF_8))) % count;
        }
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static boolean pythonModulesPresent() {
        if (!Files.isExecutable(PYTHON)) {
            return false;
        }
        try {
            Process check = new ProcessBuilder(PYTHON.toString(), "-c", "import confluent_kafka, avro, boto3")
                    .redirectErrorStream(true).start();
            check.getInputStream().readAllBytes();
            return check.waitFor(60, TimeUnit.SECONDS) && check.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("examples/python/publish_edit.py"))) {
                return dir;
            }
        }
        throw new IllegalStateException("examples/python/publish_edit.py not found above " + Path.of("").toAbsolutePath());
    }
}
