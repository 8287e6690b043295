package io.editstream.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every committed fixture bundle loads and its models compute with the contract's shapes. */
class FixtureBundlesTest {

    private static final int D = 64;
    private static final int S = 64;
    private static final int T = 24;

    @Test
    void clipEncodersGiveUnitEmbeddingsThatDependOnTheInput() {
        ModelBundle clip = ModelBundle.load(Bundles.locate("clip"));
        assertThat(clip.kind()).isEqualTo("clip");
        WordTokenizer tokenizer = clip.tokenizer();
        try (OnnxModel image = OnnxModel.load(clip.file("image_encoder"), Device.CPU);
             OnnxModel text = OnnxModel.load(clip.file("text_encoder"), Device.CPU)) {
            assertThat(image.inputShapes().get("pixel_values")).containsExactly(-1, 3, S, S);
            assertThat(text.inputShapes().get("input_ids")).containsExactly(-1, T);
            Map<String, FloatTensor> a = image.run(Map.of("pixel_values", random(1, new long[] {2, 3, S, S})));
            assertShape(a.get("patch_tokens"), 2, 64, D);
            assertShape(a.get("image_embeds"), 2, D);
            assertUnitRows(a.get("image_embeds"));
            assertThat(image.run(Map.of("pixel_values", random(1, new long[] {2, 3, S, S})))).isEqualTo(a);
            assertThat(image.run(Map.of("pixel_values", random(2, new long[] {2, 3, S, S})))).isNotEqualTo(a);

            LongTensor ids = tokenizer.encode("put the red ball on the blue cube", T);
            Map<String, FloatTensor> t = text.run(Map.of("input_ids", ids, "attention_mask", tokenizer.attentionMask(ids)));
            assertShape(t.get("token_states"), 1, T, D);
            assertUnitRows(t.get("text_embeds"));
            LongTensor other = tokenizer.encode("remove the green cone", T);
            assertThat(text.run(Map.of("input_ids", other, "attention_mask", tokenizer.attentionMask(other)))
                    .get("text_embeds")).isNotEqualTo(t.get("text_embeds"));
        }
    }

    @Test
    void reasonerEncodesAndDecodesWithADynamicLength() {
        ModelBundle reasoner = ModelBundle.load(Bundles.locate("reasoner"));
        WordTokenizer tokenizer = reasoner.tokenizer();
        try (OnnxModel encoder = OnnxModel.load(reasoner.file("encoder"), Device.CPU);
             OnnxModel decoder = OnnxModel.load(reasoner.file("decoder"), Device.CPU)) {
            LongTensor ids = tokenizer.encode("what would happen if the cube was pushed off the table?", T);
            Map<String, FloatTensor> out = encoder.run(Map.of("pixel_values", random(3, new long[] {1, 3, S, S}),
                    "input_ids", ids, "attention_mask", tokenizer.attentionMask(ids)));
            int m = reasoner.manifest().path("memoryTokens").asInt();
            assertShape(out.get("memory"), 1, m, D);
            assertShape(out.get("reasoning_logits"), 1, 5);
            assertShape(out.get("guidance"), 1, 8, D);
            assertFinite(out.get("memory"));
            for (int t : new int[] {1, 5}) {
                long[] prefix = new long[t];
                prefix[0] = WordTokenizer.BOS;
                for (int i = 1; i < t; i++) {
                    prefix[i] = 4 + i;
                }
                FloatTensor logits = decoder.run(Map.of("memory", out.get("memory"),
                        "decoder_input_ids", new LongTensor(new long[] {1, t}, prefix))).get("logits");
                assertShape(logits, 1, t, tokenizer.vocabSize());
                assertFinite(logits);
            }
        }
    }

    @Test
    void fusionIgnoresMaskedCuesAndTakesAnyCueCount() {
        ModelBundle enhancer = ModelBundle.load(Bundles.locate("enhancer"));
        try (OnnxModel fusion = OnnxModel.load(enhancer.file("fusion"), Device.CPU)) {
            FloatTensor guidance = random(4, new long[] {1, 8, D});
            FloatTensor cues = random(5, new long[] {1, 3, D});
            FloatTensor mask = new FloatTensor(new long[] {1, 3}, new float[] {1, 1, 0});
            FloatTensor a = fusion.run(Map.of("guidance", guidance, "cues", cues, "cue_mask", mask)).get("conditioning");
            assertShape(a, 1, 16, 64);
            float[] changed = cues.data().clone();
            for (int i = 2 * D; i < 3 * D; i++) {
                changed[i] += 5f;
            }
            FloatTensor masked = fusion.run(Map.of("guidance", guidance, "cue_mask", mask,
                    "cues", new FloatTensor(cues.shape(), changed))).get("conditioning");
            assertClose(masked, a, 1e-4f);
            FloatTensor unmasked = fusion.run(Map.of("guidance", guidance, "cues", new FloatTensor(cues.shape(), changed),
                    "cue_mask", new FloatTensor(new long[] {1, 3}, new float[] {1, 1, 1}))).get("conditioning");
            assertThat(unmasked).isNotEqualTo(a);
            FloatTensor seven = fusion.run(Map.of("guidance", guidance, "cues", random(6, new long[] {1, 7, D}),
                    "cue_mask", new FloatTensor(new long[] {1, 7}, new float[] {1, 1, 1, 1, 1, 1, 1}))).get("conditioning");
            assertShape(seven, 1, 16, 64);
        }
    }

    @Test
    void rendererUnetAndVaeKeepTheOptimumShapes() {
        ModelBundle renderer = ModelBundle.load(Bundles.locate("renderer"));
        assertThat(renderer.layout()).isEqualTo("optimum");
        assertThat(renderer.manifest().path("unconditional").asText()).isEqualTo("zeros");
        int h = renderer.imageSize() / 4;
        try (OnnxModel unet = OnnxModel.load(renderer.file("unet"), Device.CPU);
             OnnxModel vaeEncoder = OnnxModel.load(renderer.file("vae_encoder"), Device.CPU);
             OnnxModel vaeDecoder = OnnxModel.load(renderer.file("vae_decoder"), Device.CPU)) {
            FloatTensor latents = vaeEncoder.run(Map.of("sample", random(7, new long[] {2, 3, S, S})))
                    .get("latent_parameters");
            assertShape(latents, 2, 8, h, h);
            FloatTensor t1 = new FloatTensor(new long[] {2}, new float[] {999f, 999f});
            FloatTensor sample = random(8, new long[] {2, 8, h, h});
            FloatTensor cond = random(9, new long[] {2, 16, 64});
            FloatTensor eps = unet.run(Map.of("sample", sample, "timestep", t1, "encoder_hidden_states", cond))
                    .get("out_sample");
            assertShape(eps, 2, 4, h, h);
            assertFinite(eps);
            FloatTensor t2 = new FloatTensor(new long[] {2}, new float[] {10f, 10f});
            assertThat(unet.run(Map.of("sample", sample, "timestep", t2, "encoder_hidden_states", cond))
                    .get("out_sample")).isNotEqualTo(eps);
            FloatTensor image = vaeDecoder.run(Map.of("latent_sample", random(10, new long[] {1, 4, h, h})))
                    .get("sample");
            assertShape(image, 1, 3, S, S);
            assertFinite(image);
            assertThat(ImageTensors.fromSignedChw(image, 0).getWidth()).isEqualTo(S);
        }
    }

    static FloatTensor random(long seed, long[] shape) {
        Random random = new Random(seed);
        float[] data = new float[Tensor.elementCount(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextGaussian();
        }
        return new FloatTensor(shape, data);
    }

    static void assertShape(FloatTensor tensor, long... shape) {
        assertThat(tensor.shape()).containsExactly(shape);
    }

    static void assertFinite(FloatTensor tensor) {
        for (float v : tensor.data()) {
            assertThat(Float.isFinite(v)).as("finite value in %s", tensor).isTrue();
        }
    }

    private static void assertUnitRows(FloatTensor tensor) {
        int width = tensor.dim(-1);
        for (int row = 0; row < tensor.data().length / width; row++) {
            double sum = 0;
            for (int i = 0; i < width; i++) {
                float v = tensor.data()[row * width + i];
                sum += v * v;
            }
            assertThat(Math.sqrt(sum)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        }
    }

    private static void assertClose(FloatTensor actual, FloatTensor expected, float tolerance) {
        assertThat(actual.shape()).containsExactly(expected.shape());
        for (int i = 0; i < actual.data().length; i++) {
            assertThat(actual.data()[i]).isCloseTo(expected.data()[i], org.assertj.core.data.Offset.offset(tolerance));
        }
    }
}
