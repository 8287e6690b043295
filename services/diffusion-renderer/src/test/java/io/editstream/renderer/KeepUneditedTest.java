package io.editstream.renderer;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.events.EditOptions;
import io.editstream.onnx.Bundles;
import io.editstream.onnx.Device;
import io.editstream.onnx.FloatTensor;
import io.editstream.onnx.ImageTensors;
import io.editstream.onnx.ModelBundle;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Keeping unedited pixels on the trained default renderer (models/default/renderer, the demo's, whose bundle.json asks
 * for it): the same render with it off (render.keepUneditedThreshold 0) and with the bundle's setting differs only where
 * the source's own pixels were put back, and most of a scene is put back.
 */
class KeepUneditedTest {
    @Test
    void everyPixelIsTheRenderingsOrExactlyTheSources() throws Exception {
        Path models = Bundles.locate("reference").getParent().getParent();
        ModelBundle bundle = ModelBundle.load(models.resolve("default/renderer"));
        BufferedImage source = ImageTensors.decode(Files.readAllBytes(models.getParent().resolve("samples/tabletop-1.png")));
        EditOptions options = EditOptions.newBuilder().setSteps(6).setSeed(9).build();
        BufferedImage plain;
        BufferedImage kept;
        try (DiffusionPipeline pipeline = new DiffusionPipeline(bundle, Device.CPU, RenderSettings.defaults().withKeepUnedited(0, 0))) {
            FloatTensor conditioning = new FloatTensor(pipeline.conditioningShape(), new float[16 * 64]);
            plain = pipeline.render(source, conditioning, options, null);
        }
        // the bundle's own recommendation (bundle.json "keepUnedited": threshold 64, grow 1)
        try (DiffusionPipeline pipeline = new DiffusionPipeline(bundle, Device.CPU, RenderSettings.defaults())) {
            kept = pipeline.render(source, new FloatTensor(pipeline.conditioningShape(), new float[16 * 64]), options, null);
        }
        int fromSource = 0;
        int changed = 0;
        for (int y = 0; y < source.getHeight(); y++) {
            for (int x = 0; x < source.getWidth(); x++) {
                int k = kept.getRGB(x, y);
                assertThat(k == plain.getRGB(x, y) || k == source.getRGB(x, y)).as("pixel %d,%d", x, y).isTrue();
                fromSource += k == source.getRGB(x, y) ? 1 : 0;
                changed += plain.getRGB(x, y) != source.getRGB(x, y) ? 1 : 0;
            }
        }
        int pixels = source.getWidth() * source.getHeight();
        assertThat(changed).as("the plain render drifts almost everywhere").isGreaterThan(pixels / 2);
        assertThat(fromSource).as("most of the scene is the source's own pixels again").isGreaterThan(pixels / 2);
    }
}
