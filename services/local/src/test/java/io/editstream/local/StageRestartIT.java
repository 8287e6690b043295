package io.editstream.local;

import io.editstream.client.EditClient;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.kafka.Topic;
import io.editstream.kafka.Topics;
import io.editstream.testing.TopicReader;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stops the diffusion renderer mid-stream (half the requests sent, some rendered), sends the other half while it is
 * down, and starts it again: every request still completes, and every output topic holds exactly one committed event
 * per request (no loss, no duplicates).
 */
class StageRestartIT {
    @TempDir
    Path dataDir;

    @Test
    void everyRequestCompletesExactlyOnceAcrossARendererRestart() throws Exception {
        int n = 12;
        try (LocalStack stack = LocalStack.start(StackOptions.embedded(dataDir, 0))) {
            EditClient client = new EditClient(stack.gatewayUrl());
            Samples.Sample sample = Samples.load(Samples.locate()).get(0);
            byte[] image = Files.readAllBytes(sample.image());
            List<String> ids = new ArrayList<>();
            submit(client, image, sample, 0, n / 2, ids);
            // wait until the renderer is mid-stream: some requests rendered, others possibly in flight
            TopicReader.readUntil(stack.kafka(), Topics.IMAGE_RENDERED,
                    records -> records.stream().filter(r -> ids.contains(r.key())).count() >= 2, Duration.ofMinutes(2));
            stack.stop(Stage.RENDERER);
            // the second half arrives while the renderer is down, so work is always left for the restarted one (the first
            // half alone can all be rendered before the stop lands on a fast machine)
            submit(client, image, sample, n / 2, n, ids);
            long renderedBeforeRestart = TopicReader.readUntil(stack.kafka(), Topics.IMAGE_RENDERED,
                    rs -> rs.stream().filter(r -> ids.contains(r.key())).count() >= 2, Duration.ofSeconds(30)).stream().filter(r -> ids.contains(r.key())).count();
            assertThat(renderedBeforeRestart).as("the renderer was stopped mid-stream").isBetween(2L, (long) n / 2);
            stack.start(Stage.RENDERER);

            for (String id : ids) {
                JsonObject status = client.awaitTerminal(id, Duration.ofMinutes(3), s -> { });
                assertThat(status.getString("state")).as(status.encode()).isEqualTo("SCORED");
            }
            Set<String> wanted = Set.copyOf(ids);
            for (Topic<?> topic : List.<Topic<?>>of(Topics.EDIT_REQUESTED, Topics.GUIDANCE_PRODUCED, Topics.CUES_EXTRACTED,
                    Topics.CONDITIONING_PRODUCED, Topics.IMAGE_RENDERED, Topics.EDIT_SCORED)) {
                var records = TopicReader.readUntil(stack.kafka(), topic,
                        rs -> rs.stream().map(r -> r.key()).collect(Collectors.toSet()).containsAll(wanted),
                        Duration.ofSeconds(30));
                Map<String, Long> perId = records.stream().map(r -> r.key()).filter(wanted::contains)
                        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
                assertThat(perId).as(topic.name()).hasSize(n);
                assertThat(perId.values()).as(topic.name() + " has one event per request").containsOnly(1L);
            }
        }
    }

    private static void submit(EditClient client, byte[] image, Samples.Sample sample, int from, int to, List<String> ids)
            throws Exception {
        for (int i = from; i < to; i++) {
            EditClient.Submission s = client.submit(image, "scene.png", sample.instruction(),
                    Map.of("steps", "30", "seed", Integer.toString(i)));
            assertThat(s.status()).isEqualTo(202);
            ids.add(s.id());
        }
    }
}
