package io.editstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.client.EditClient;
import io.editstream.onnx.ImageTensors;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on {@code models/fixtures/kontext}, a models folder whose enhancer and renderer are the FLUX.1
 * Kontext fixture (its own editstream.json puts the enhancer in text-encoder mode), through the real broker and S3:
 * every demo sample is SCORED with the reasoner's explicit instruction, the enhancer conditions on T5 and CLIP's
 * pooled projection, the renderer samples with flow-match Euler, and the edit comes back at the source's size.
 */
class KontextModelsIT {
    @Test
    void everySampleIsScoredWithTheKontextRenderer(@TempDir Path dataDir) throws Exception {
        try (ModelsFolder kontext = ModelsFolder.use("kontext"); LocalStack stack = LocalStack.start(StackOptions.embedded(dataDir, 0))) {
            checkEverySample(kontext, new EditClient(stack.gatewayUrl()));
        }
    }

    private static void checkEverySample(ModelsFolder kontext, EditClient client) throws Exception {
        List<Samples.Sample> samples = Samples.load(Samples.locate());
        for (Samples.Sample sample : samples) {
            EditClient.Submission s = client.submit(Files.readAllBytes(sample.image()), "scene.png", sample.instruction(),
                    Map.of("seed", "5", "steps", "6"), Files.readAllBytes(sample.target()));
            assertThat(s.status()).as(s.body().encode()).isEqualTo(202);
            JsonObject status = client.awaitTerminal(s.id(), Duration.ofMinutes(2), x -> { });
            assertThat(status.getString("state")).as(status.encode()).isEqualTo("SCORED");
            assertThat(status.getString("fusionMode")).isEqualTo("TEXT_ENCODER");
            assertThat(status.getString("explicitInstruction")).as("the trained reasoner").isEqualTo(sample.explicitInstruction());
            JsonObject stages = status.getJsonObject("stages");
            assertThat(stages.getJsonObject("enhancer").getString("model")).isEqualTo("flux-kontext-tiny@fixture-1");
            assertThat(stages.getJsonObject("diffusion-renderer").getString("model")).isEqualTo("flux-kontext-tiny@fixture-1");
            BufferedImage source = ImageTensors.decode(Files.readAllBytes(sample.image()));
            BufferedImage edited = ImageTensors.decode(client.image(s.id(), "image"));
            assertThat(edited.getWidth()).isEqualTo(source.getWidth());
            assertThat(edited.getHeight()).isEqualTo(source.getHeight());
        }
        String folder = kontext.folder().toString();
        assertThat(kontext.familyLine("enhancer")).contains("T5 encoder and CLIP pooled projection (FLUX)").contains(folder + "/enhancer");
        assertThat(kontext.familyLine("diffusion-renderer")).contains("FLUX.1 Kontext family").contains(folder + "/renderer");
        assertThat(kontext.messages())
                .anyMatch(m -> m.contains("rendered") && m.contains("(6 steps)"))
                .anyMatch(m -> m.startsWith("settings of the models folder: " + folder + "/editstream.json"));
    }
}
