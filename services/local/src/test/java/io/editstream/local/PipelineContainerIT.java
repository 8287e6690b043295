package io.editstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.client.EditClient;
import io.editstream.storage.ObjectStore;
import io.editstream.testing.Closing;
import io.editstream.testing.ContainerInfra;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The end-to-end test on production-like infrastructure: Kafka and MinIO in containers instead of the
 * in-JVM broker and S3Proxy. Skipped cleanly where no Docker engine is available.
 */
@Testcontainers(disabledWithoutDocker = true)
class PipelineContainerIT {
    @TempDir
    static Path dataDir;
    static ContainerInfra infra;
    static LocalStack stack;

    @BeforeAll
    static void start() throws Exception {
        infra = ContainerInfra.start();
        stack = LocalStack.start(StackOptions.embedded(dataDir, 0)
                .withExternal(infra.kafkaSettings(), infra.storageSettings("editstream-containers")));
    }

    @AfterAll
    static void stop() {
        Closing.all(stack, infra);
    }

    @Test
    void anEditGoesThroughKafkaAndMinio() throws Exception {
        EditClient client = new EditClient(stack.gatewayUrl());
        EditClient.Submission s = SampleRequests.submit(client, 0, Map.of("steps", "4"));
        assertThat(s.status()).isEqualTo(202);
        JsonObject status = client.awaitTerminal(s.id(), Duration.ofMinutes(3), x -> { });
        assertThat(status.getString("state")).isEqualTo("SCORED");
        try (ObjectStore store = ObjectStore.connect(stack.storage())) {
            assertThat(store.exists(status.getString("output"))).isTrue();
        }
        assertThat(client.submit("not an image".getBytes(), "x.png", "make it red", Map.of()).status()).isEqualTo(415);
    }
}
