package io.editstream.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OnnxModel's fp16/int64 conversions, provider choice and input validation on real ONNX graphs. */
class OnnxModelTest {

    private static OnnxModel probe;

    @BeforeAll
    static void load() throws Exception {
        probe = OnnxModel.load(Path.of(OnnxModelTest.class.getResource("/fp16_probe.onnx").toURI()), Device.AUTO);
    }

    @AfterAll
    static void close() {
        probe.close();
    }

    @Test
    void fp16InputsAndOutputsAreConvertedFromAndToFloat32() {
        assertThat(probe.inputTypes()).containsExactly(Map.entry("x", "FLOAT16"), Map.entry("ids", "INT64"));
        assertThat(probe.inputShapes().get("x")).containsExactly(-1, 4);
        FloatTensor x = new FloatTensor(new long[] {2, 4}, new float[] {0.5f, -1.25f, 3f, 0.1f, 7f, 2f, -3f, 65504f});
        LongTensor ids = new LongTensor(new long[] {2, 4}, new long[] {1, 2, 3, 4, 0, 0, 0, 0});
        Map<String, FloatTensor> out = probe.run(Map.of("x", x, "ids", ids));
        assertThat(out.keySet()).containsExactly("y", "argmax");
        assertThat(out.get("y").shape()).containsExactly(2, 4);
        // 0.1 is not a half (0.0999755859375); 4.19995 rounds to the half 4.19921875; 2 * 65504 overflows.
        assertThat(out.get("y").data()).containsExactly(2f, -0.5f, 9f, 4.19921875f, 14f, 4f, -6f,
                Float.POSITIVE_INFINITY);
        assertThat(out.get("argmax").data()).containsExactly(2f, 3f);
    }

    @Test
    void bf16InputsAndOutputsAreConvertedFromAndToFloat32() throws Exception {
        try (OnnxModel bf16 = OnnxModel.load(Path.of(OnnxModelTest.class.getResource("/bf16_probe.onnx").toURI()), Device.CPU)) {
            assertThat(bf16.inputTypes()).containsExactly(Map.entry("x", "BFLOAT16"));
            FloatTensor x = new FloatTensor(new long[] {1, 4}, new float[] {0.5f, -1.25f, 3.14159f, 100.7f});
            // bf16 keeps 8 significant bits: 3.14159 becomes 3.140625 and 100.7 becomes 100.5 on the way in
            float[] y = bf16.run(Map.of("x", x)).get("y").data();
            assertThat(y).containsExactly(1f, -2.5f, 6.28125f, 201f);
        }
    }

    @Test
    void cpuBuildsRunOnCpuWhateverTheDevice() {
        assertThat(probe.provider()).isEqualTo("CPU");
        try (OnnxModel explicit = OnnxModel.load(probe.file(), Device.CUDA, 2)) {
            assertThat(explicit.provider()).isEqualTo("CPU");
        }
    }

    @Test
    void unknownInputNameIsRejectedWithTheExpectedSignature() {
        FloatTensor x = new FloatTensor(new long[] {1, 4}, new float[4]);
        LongTensor ids = new LongTensor(new long[] {1, 4}, new long[4]);
        assertThatThrownBy(() -> probe.run(Map.of("x", x, "input_ids", ids)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fp16_probe.onnx")
                .hasMessageContaining("input 'input_ids' is not an input of this model")
                .hasMessageContaining("expected inputs: x FLOAT16[-1, 4], ids INT64[-1, 4]");
        assertThatThrownBy(() -> probe.run(Map.of("x", x)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("input 'ids' is missing");
    }

    @Test
    void wrongRankFixedDimensionOrTypeIsRejectedBeforeOnnxRuntime() {
        LongTensor ids = new LongTensor(new long[] {1, 4}, new long[4]);
        assertThatThrownBy(() -> probe.run(Map.of("x", new FloatTensor(new long[] {4}, new float[4]), "ids", ids)))
                .hasMessageContaining("input 'x' has shape [4] (rank 1) but the model wants [-1, 4] (rank 2)");
        assertThatThrownBy(() -> probe.run(Map.of("x", new FloatTensor(new long[] {1, 5}, new float[5]), "ids", ids)))
                .hasMessageContaining("input 'x' has shape [1, 5]");
        assertThatThrownBy(() -> probe.run(Map.of("x", new LongTensor(new long[] {1, 4}, new long[4]), "ids", ids)))
                .hasMessageContaining("input 'x' is a LongTensor but the model wants FLOAT16");
    }

    @Test
    void unreadableModelFilesFailWithTheirPath(@TempDir Path dir) throws Exception {
        Path garbage = Files.writeString(dir.resolve("broken.onnx"), "not a protobuf");
        assertThatThrownBy(() -> OnnxModel.load(garbage, Device.CPU))
                .isInstanceOf(BundleException.class).hasMessageContaining(garbage.toString());
        assertThatThrownBy(() -> OnnxModel.load(dir.resolve("absent.onnx"), Device.CPU))
                .isInstanceOf(BundleException.class).hasMessageContaining("absent.onnx does not exist");
    }

    @Test
    void fp16HelperRoundTripsHalvesExactlyAndRoundsTheRest() {
        float[] halves = {0f, -0f, 1f, -2.5f, 0.333251953125f, 65504f, 6.103515625e-5f, 5.9604645e-8f};
        assertThat(Fp16.decode(Fp16.encode(halves))).containsExactly(halves);
        float[] rounded = Fp16.decode(Fp16.encode(new float[] {0.1f, 1e6f, Float.NaN, 1.00048828125f}));
        assertThat(rounded[0]).isEqualTo(0.0999755859375f);
        assertThat(rounded[1]).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(rounded[2]).isNaN();
        assertThat(rounded[3]).isEqualTo(1f);
    }
}
