package io.editstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.kafka.Topics;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} killed with kill -9 in the middle of a load and started again on the same data folder: every
 * request it had accepted resumes and ends in exactly one terminal event (scored or failed, read_committed),
 * its status and per-stage history are served again, and the broker comes back on the port that
 * {@code connection.env} gave out.
 */
class ServeCrashRecoveryIT {
    private static final int REQUESTS = 10;
    private static final Set<String> TERMINAL = Set.of("SCORED", "FAILED");

    @TempDir
    Path dataDir;

    @Test
    void everyAcceptedRequestEndsTerminalExactlyOnceAfterAKillDashNine() throws Exception {
        byte[] image = Files.readAllBytes(Samples.load(Samples.locate()).get(0).image());
        List<String> ids = new ArrayList<>();
        Map<String, String> before;
        Map<String, String> statesAtKill = new LinkedHashMap<>();
        try (ServeProcess first = ServeProcess.start(dataDir, "serve-crash-1.log", Duration.ofMinutes(2))) {
            before = first.connection();
            String gateway = first.gatewayUrl();
            for (int i = 0; i < REQUESTS; i++) {
                HttpResponse<String> r = ServeProcess.submit(gateway, image, "what if the red ball rolled off the table?",
                        Map.of("steps", "12", "seed", Integer.toString(i)));
                assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
                ids.add(new JsonObject(r.body()).getString("id"));
            }
            // mid-load: at least one request finished, at least one not yet
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (System.nanoTime() < deadline) {
                statesAtKill.clear();
                for (String id : ids) {
                    String status = ServeProcess.status(gateway, id);
                    statesAtKill.put(id, status == null ? "?" : new JsonObject(status).getString("state"));
                }
                if (statesAtKill.values().stream().anyMatch(TERMINAL::contains)) {
                    break;
                }
                Thread.sleep(100);
            }
            first.kill();
        }
        assertThat(statesAtKill.values()).as("killed mid-load: " + statesAtKill).anyMatch(TERMINAL::contains);
        assertThat(statesAtKill.values()).as("killed mid-load: " + statesAtKill).anyMatch(s -> !TERMINAL.contains(s));

        try (ServeProcess second = ServeProcess.start(dataDir, "serve-crash-2.log", Duration.ofMinutes(2))) {
            Map<String, String> after = second.connection();
            assertThat(after.get("KAFKA_BOOTSTRAP")).as("the broker keeps its address").isEqualTo(before.get("KAFKA_BOOTSTRAP"));
            assertThat(after.get("S3_ENDPOINT")).isEqualTo(before.get("S3_ENDPOINT"));
            assertThat(after.get("S3_SECRET_KEY")).isEqualTo(before.get("S3_SECRET_KEY"));
            String gateway = second.gatewayUrl();

            Map<String, JsonObject> finalStatus = new HashMap<>();
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (finalStatus.size() < ids.size() && System.nanoTime() < deadline) {
                for (String id : ids) {
                    if (!finalStatus.containsKey(id)) {
                        String status = ServeProcess.status(gateway, id);
                        if (status != null && TERMINAL.contains(new JsonObject(status).getString("state"))) {
                            finalStatus.put(id, new JsonObject(status));
                        }
                    }
                }
                Thread.sleep(200);
            }
            assertThat(finalStatus.keySet()).as("terminal after the restart (log " + second.log() + ")").containsExactlyInAnyOrderElementsOf(ids);
            for (String id : ids) {
                JsonObject status = finalStatus.get(id);
                if ("SCORED".equals(status.getString("state"))) {
                    assertThat(status.getJsonObject("stages").fieldNames()).as("history of " + id)
                            .contains(Topics.REASONER, Topics.CUE_EXTRACTOR, Topics.ENHANCER, Topics.RENDERER, Topics.SCORER);
                }
            }

            Map<String, Long> terminalEvents = terminalEvents(after.get("KAFKA_BOOTSTRAP"), Set.copyOf(ids));
            assertThat(terminalEvents).as("one terminal event per request").hasSize(ids.size());
            assertThat(terminalEvents.values()).as("none twice: " + terminalEvents).containsOnly(1L);
        }
    }

    /** Committed events on scorer.edit.scored and every *.edit.failed topic, per request id. */
    private static Map<String, Long> terminalEvents(String bootstrap, Set<String> ids) throws InterruptedException {
        List<String> topics = new ArrayList<>(List.of(Topics.EDIT_SCORED.name()));
        Topics.STAGES.forEach(stage -> topics.add(Topics.failed(stage).name()));
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("group.id", "crash-it-" + System.nanoTime());
        props.put("auto.offset.reset", "earliest");
        props.put("isolation.level", "read_committed");
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(topics);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            long settle = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settle)) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (ids.contains(r.key())) {
                        keys.add(r.key());
                    }
                }
                if (settle == Long.MAX_VALUE && Set.copyOf(keys).containsAll(ids)) {
                    settle = System.nanoTime() + Duration.ofSeconds(2).toNanos(); // a duplicate would show up by now
                }
            }
        }
        return keys.stream().collect(Collectors.groupingBy(k -> k, Collectors.counting()));
    }
}
