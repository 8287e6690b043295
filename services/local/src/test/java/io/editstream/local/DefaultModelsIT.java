package io.editstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.client.EditClient;
import io.editstream.onnx.Bundles;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trained default bundles (models/default, what the demo runs) through the whole pipeline on a real
 * broker and S3: the demo samples are held-out simulator scenes with their ground-truth targets, so the
 * reasoner must decode the expected explicit instruction (the Java tokenizer and greedy decoder agree
 * with training) and the rendered edits must be closer to the targets than the unedited sources are.
 */
class DefaultModelsIT {
    @TempDir
    static Path dataDir;
    static LocalStack stack;
    static String previousModels;

    @BeforeAll
    static void start() throws Exception {
        previousModels = System.getProperty(Bundles.MODELS_VARIABLE);
        // the build pins tests to models/fixtures; this test is about the trained sibling folder
        Path fixtures = Path.of(previousModels == null ? "models/fixtures" : previousModels).toAbsolutePath();
        System.setProperty(Bundles.MODELS_VARIABLE, fixtures.resolveSibling("default").toString());
        stack = LocalStack.start(StackOptions.embedded(dataDir, 0));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (previousModels == null) {
            System.clearProperty(Bundles.MODELS_VARIABLE);
        } else {
            System.setProperty(Bundles.MODELS_VARIABLE, previousModels);
        }
    }

    @Test
    void trainedModelsDecodeTheExplicitInstructionAndMoveTheImageTowardsTheTarget() throws Exception {
        EditClient client = new EditClient(stack.gatewayUrl());
        List<Samples.Sample> samples = Samples.load(Samples.locate());
        double l2 = 0;
        double copy = 0;
        for (Samples.Sample sample : samples) {
            assertThat(sample.target()).as("demo samples carry their ground truth").isNotNull();
            EditClient.Submission s = client.submit(Files.readAllBytes(sample.image()), "scene.png", sample.instruction(),
                    Map.of("seed", "42"), Files.readAllBytes(sample.target()));
            assertThat(s.status()).as(s.body().encode()).isEqualTo(202);
            JsonObject status = client.awaitTerminal(s.id(), Duration.ofMinutes(3), x -> { });
            assertThat(status.getString("state")).as(status.encode()).isEqualTo("SCORED");
            for (String stage : List.of("reasoner", "cue-extractor", "enhancer", "diffusion-renderer", "scorer")) {
                assertThat(status.getJsonObject("stages").getJsonObject(stage).getString("model")).endsWith("-editstream@sim-1");
            }
            assertThat(status.getString("explicitInstruction")).isEqualTo(sample.explicitInstruction());
            l2 += status.getJsonObject("scores").getDouble("l2");
            copy += status.getJsonObject("copyBaseline").getDouble("l2");
        }
        assertThat(l2).as("L2 to the targets, summed over the samples, vs the copy baseline's").isLessThan(copy);
    }
}
