package io.editstream.scorer;

import io.editstream.onnx.BundleException;
import io.editstream.onnx.Device;
import io.editstream.onnx.FloatTensor;
import io.editstream.onnx.HfImageProcessor;
import io.editstream.onnx.ModelBundle;
import io.editstream.onnx.OnnxModel;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * A DINO image encoder in the Hugging Face Optimum DINOv2 layout: {@code model.onnx} ({@value #SIGNATURE}) next
 * to the export's {@code preprocessor_config.json} (BitImageProcessor: shortest edge 256, bicubic, centre crop
 * 224, ImageNet mean and std; read by {@link HfImageProcessor}). The image embedding is the CLS row of
 * {@code last_hidden_state}: for DINOv2 that is exactly {@code pooler_output} (its layer-normed CLS), and it is
 * also what DINO v1 (facebook/dino-vits16, the model of MagicBrush's DINO score) gives as its feature, where a
 * ViT export's {@code pooler_output} would be an untrained dense layer. Only the {@link Scorer} uses it;
 * {@link #load} checks the export.
 */
record DinoModel(ModelBundle bundle, OnnxModel model, HfImageProcessor processor) implements AutoCloseable {
    static final String SIGNATURE = "pixel_values float [B,3,H,W] -> last_hidden_state float [B,1+N,D] (CLS first), "
            + "pooler_output float [B,D] optional";

    public static DinoModel load(ModelBundle bundle, Device device) {
        Path preprocessor = bundle.manifest().path("files").has("preprocessor_config")
                ? bundle.file("preprocessor_config") : bundle.dir().resolve("preprocessor_config.json");
        HfImageProcessor processor = HfImageProcessor.load(preprocessor);
        Path file = bundle.file("model");
        OnnxModel model = OnnxModel.load(file, device);
        Set<String> floats = Set.of("FLOAT", "FLOAT16");
        long[] pixels = model.inputShapes().get("pixel_values");
        long[] hidden = model.outputShapes().get("last_hidden_state");
        boolean fits = model.inputShapes().size() == 1 && pixels != null && pixels.length == 4
                && floats.contains(model.inputTypes().get("pixel_values")) && hidden != null && hidden.length == 3
                && floats.contains(model.outputTypes().get("last_hidden_state"));
        if (!fits) {
            model.close();
            throw new BundleException(file + " has the wrong signature for a DINO bundle: expected " + SIGNATURE
                    + " (DINOv2 Optimum export); it takes " + describe(model.inputShapes(), model.inputTypes())
                    + " and gives " + describe(model.outputShapes(), model.outputTypes()));
        }
        return new DinoModel(bundle, model, processor);
    }

    private static String describe(Map<String, long[]> shapes, Map<String, String> types) {
        StringBuilder s = new StringBuilder("{");
        shapes.forEach((name, shape) -> s.append(s.length() > 1 ? ", " : "").append(name).append(' ')
                .append(types.get(name)).append(' ').append(Arrays.toString(shape)));
        return s.append('}').toString();
    }

    public float[] embed(BufferedImage image) {
        FloatTensor hidden = model.run(Map.of("pixel_values", processor.preprocess(image))).get("last_hidden_state");
        return Arrays.copyOf(hidden.data(), hidden.dim(2));
    }

    public String modelId() {
        return bundle.name() + "@" + bundle.version();
    }

    public String describe() {
        return "DINO " + modelId() + " from " + bundle.dir() + " (CLS of last_hidden_state; images: " + processor.describe() + ")";
    }

    @Override
    public void close() {
        model.close();
    }
}
