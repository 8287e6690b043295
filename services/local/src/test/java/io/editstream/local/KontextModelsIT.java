package io.editstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.editstream.client.EditClient;
import io.editstream.onnx.Bundles;
import io.editstream.onnx.ImageTensors;
import io.editstream.testing.Closing;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline on {@code models/fixtures/kontext}, a models folder whose enhancer and renderer are the FLUX.1
 * Kontext fixture (its own editstream.json puts the enhancer in text-encoder mode), through the real broker and S3:
 * every demo sample is SCORED with the reasoner's explicit instruction, the enhancer conditions on T5 and CLIP's
 * pooled projection, the renderer samples with flow-match Euler, and the edit comes back at the source's size.
 */
class KontextModelsIT {
    @TempDir
    static Path dataDir;
    static LocalStack stack;
    static String previousModels;
    static Path kontext;
    static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();

    @BeforeAll
    static void start() throws Exception {
        previousModels = System.getProperty(Bundles.MODELS_VARIABLE);
        Path fixtures = Path.of(previousModels == null ? "models/fixtures" : previousModels).toAbsolutePath();
        kontext = fixtures.resolve("kontext");
        System.setProperty(Bundles.MODELS_VARIABLE, kontext.toString());
        LOGS.setContext(root().getLoggerContext());
        LOGS.start();
        root().addAppender(LOGS);
        stack = LocalStack.start(StackOptions.embedded(dataDir, 0));
    }

    @AfterAll
    static void stop() {
        Closing.all(stack);
        root().detachAppender(LOGS);
        if (previousModels == null) {
            System.clearProperty(Bundles.MODELS_VARIABLE);
        } else {
            System.setProperty(Bundles.MODELS_VARIABLE, previousModels);
        }
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    @Test
    void everySampleIsScoredWithTheKontextRenderer() throws Exception {
        EditClient client = new EditClient(stack.gatewayUrl());
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
        String folder = kontext.toString();
        assertThat(familyLine("enhancer")).contains("T5 encoder and CLIP pooled projection (FLUX)").contains(folder + "/enhancer");
        assertThat(familyLine("diffusion-renderer")).contains("FLUX.1 Kontext family").contains(folder + "/renderer");
        assertThat(LOGS.list.stream().map(ILoggingEvent::getFormattedMessage))
                .anyMatch(m -> m.contains("rendered") && m.contains("(6 steps)"))
                .anyMatch(m -> m.startsWith("settings of the models folder: " + folder + "/editstream.json"));
    }

    private static String familyLine(String stage) {
        List<String> lines = LOGS.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.startsWith(stage + " model famil")).toList();
        assertThat(lines).as("the %s's model family line", stage).hasSize(1);
        return lines.get(0);
    }
}
