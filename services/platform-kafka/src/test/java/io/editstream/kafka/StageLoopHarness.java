package io.editstream.kafka;

import static io.editstream.kafka.CommittedIO.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.embedded.EmbeddedKafka;
import io.editstream.events.EditRequested;
import io.editstream.events.GuidanceProduced;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;

/** A real in-JVM KRaft broker per test class, a fresh set of topics per test, and helpers to start loops and read what they committed. */
abstract class StageLoopHarness {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final Duration SETTLE = Duration.ofMillis(500);
    private static EmbeddedKafka kafka;
    static CommittedIO io;

    private final List<StageLoop<?, ?>> loops = new ArrayList<>();
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Stage stage;

    record Stage(String service, Topic<EditRequested> in, Topic<GuidanceProduced> out) {
    }

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
        io = new CommittedIO(kafka.bootstrapServers());
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @AfterEach
    void closeLoops() {
        loops.forEach(StageLoop::close);
    }

    Stage stage(TestInfo info, int partitions) {
        String service = "svc-" + info.getTestMethod().orElseThrow().getName().toLowerCase();
        Stage s = new Stage(service, new Topic<>(service + ".edit.requested", EditRequested.class),
                new Topic<>(service + ".guidance.produced", GuidanceProduced.class));
        List<String> names = List.of(s.in().name(), s.out().name(), Topics.failed(service).name(), Topics.deadLetter(service));
        TopicAdmin.ensureTopics(KafkaSettings.of(kafka.bootstrapServers()), names, partitions, (short) 1);
        // Creating again must be a no-op, as when several services start together.
        TopicAdmin.ensureTopics(KafkaSettings.of(kafka.bootstrapServers()), names, partitions, (short) 1);
        return s;
    }

    /** A fresh set of topics for this test with one request per id written to its input; returns the ids. */
    List<String> stageWithRequests(TestInfo info, int partitions, List<String> ids) {
        stage = stage(info, partitions);
        writeRequests(ids);
        return ids;
    }

    StageLoop<EditRequested, GuidanceProduced> startLoop(StageHandler<EditRequested, GuidanceProduced> handler,
                                                                 Map<String, String> extra) {
        StageLoopConfig cfg = StageLoopConfig.defaults(new KafkaSettings(kafka.bootstrapServers(), extra), stage.service())
                .withGroupId(stage.service() + "-group").withRetries(3, Duration.ofMillis(20))
                .withMaxPollInterval(Duration.ofSeconds(30));
        StageLoop<EditRequested, GuidanceProduced> loop = new StageLoop<>(cfg, stage.in(), stage.out(), handler, registry);
        loops.add(loop);
        loop.start();
        return loop;
    }

    /** The toy stage: counts calls per request and upper-cases the instruction. */
    GuidanceProduced toy(EditRequested in, StageHandler.RecordMeta meta) {
        calls.computeIfAbsent(in.getRequestId(), k -> new AtomicInteger()).incrementAndGet();
        return TestEvents.guidance(in, meta, stage.service());
    }

    void writeRequests(List<String> ids) {
        Map<String, byte[]> values = new LinkedHashMap<>();
        ids.forEach(id -> values.put(id, stage.in().serde().encode(TestEvents.request(id, "edit " + id))));
        io.write(stage.in().name(), values);
    }

    static List<String> ids(String prefix, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(prefix + "-" + i);
        }
        return ids;
    }

    List<ConsumerRecord<byte[], byte[]>> outputs(int expected) {
        return io.readCommitted(stage.out().name(), expected, WAIT, SETTLE);
    }

    void assertExactlyOneOutputEach(List<String> ids) {
        List<ConsumerRecord<byte[], byte[]>> out = outputs(ids.size());
        assertThat(out).extracting(CommittedIO::key).containsExactlyInAnyOrderElementsOf(ids);
        for (ConsumerRecord<byte[], byte[]> record : out) {
            GuidanceProduced g = stage.out().serde().decode(record.value());
            assertThat(g.getRequestId()).isEqualTo(key(record));
            assertThat(g.getExplicitInstruction()).isEqualTo("EDIT " + key(record).toUpperCase());
        }
    }

    double count(String outcome) {
        return registry.get(StageMetrics.RECORDS).tag("stage", stage.service()).tag("outcome", outcome).counter().count();
    }
}
