package io.editstream.scorer;

import io.editstream.onnx.BundleException;
import io.editstream.onnx.Device;
import io.editstream.onnx.FloatTensor;
import io.editstream.onnx.ImageTensors;
import io.editstream.onnx.ModelBundle;
import io.editstream.onnx.OnnxModel;
import java.awt.image.BufferedImage;
import java.util.Map;

/**
 * A DINO-style image encoder in the Hugging Face Optimum DINOv2 layout: {@code pixel_values} →
 * {@code last_hidden_state}, {@code pooler_output}. The image embedding is {@code pooler_output} (the
 * normalised CLS token), which is what the DINO score of DreamBooth and AURORA compares; an export
 * without a pooler falls back to the CLS row of {@code last_hidden_state}. Only the {@link Scorer} uses it;
 * {@link #load} is how one is made.
 */
record DinoModel(ModelBundle bundle, OnnxModel model) implements AutoCloseable {

    public static DinoModel load(ModelBundle bundle, Device device) {
        OnnxModel model = OnnxModel.load(bundle.file("model"), device);
        if (!model.inputShapes().containsKey("pixel_values")) {
            model.close();
            throw new BundleException(bundle.file("model") + " must take pixel_values (DINOv2 Optimum export); it takes "
                    + model.inputShapes().keySet());
        }
        return new DinoModel(bundle, model);
    }

    public float[] embed(BufferedImage image) {
        FloatTensor pixels = ImageTensors.toNormalizedChw(image, bundle.imageSize(), bundle.mean(), bundle.std());
        Map<String, FloatTensor> out = model.run(Map.of("pixel_values", pixels));
        FloatTensor pooled = out.get("pooler_output");
        if (pooled != null) {
            return pooled.data();
        }
        FloatTensor hidden = out.get("last_hidden_state");
        float[] cls = new float[hidden.dim(2)];
        System.arraycopy(hidden.data(), 0, cls, 0, cls.length);
        return cls;
    }

    public String modelId() {
        return bundle.name() + "@" + bundle.version();
    }

    @Override
    public void close() {
        model.close();
    }
}
