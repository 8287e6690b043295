package io.editstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.events.EditOptions;
import io.editstream.onnx.ImageTensors;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The in-process loop over the (fixture) bundles the stages would open: a sample scene comes back edited and scored. */
class DirectPipelineTest {

    @Test
    void editsAndScoresASampleInMemory() throws Exception {
        Samples.Sample sample = Samples.load(Samples.locate()).get(0);
        byte[] png = Files.readAllBytes(sample.image());
        BufferedImage source = ImageTensors.decode(png);
        try (DirectPipeline direct = DirectPipeline.open(DirectPipeline.stageConfigs(new JsonObject()))) {
            DirectPipeline.Edit edit = direct.run("direct-test", png, sample.instruction(),
                    EditOptions.newBuilder().setSteps(2).setSeed(7).build());

            assertThat(edit.output().getWidth()).isEqualTo(source.getWidth());
            assertThat(edit.output().getHeight()).isEqualTo(source.getHeight());
            assertThat(edit.reasoning().explicitInstruction()).isNotBlank();
            Map<String, Double> scores = edit.scores().output();
            assertThat(scores).containsKeys("clip_t", "l1_to_source", "l2_to_source");
            assertThat(scores.values()).allMatch(Double::isFinite);
            assertThat(edit.scores().copyBaseline().values()).allMatch(Double::isFinite);
            assertThat(direct.cpuNanos().get(Stage.RENDERER)).isPositive();
        }
    }
}
