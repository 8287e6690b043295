package io.editstream.enhancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.editstream.events.FusionMode;
import io.editstream.events.GuidanceProduced;
import io.editstream.onnx.BundleException;
import io.editstream.onnx.Bundles;
import io.editstream.onnx.ClipTextEncoder;
import io.editstream.onnx.Device;
import io.editstream.onnx.FloatTensor;
import io.editstream.onnx.FluxTextEncoders;
import io.editstream.onnx.ModelBundle;
import io.editstream.storage.ObjectKeys;
import io.editstream.storage.TensorPlacement;
import io.editstream.storage.ObjectStore;
import io.editstream.testing.TestInfra;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Text-encoder mode: the explicit instruction's CLIP hidden states [77, D] from an Optimum bundle become the conditioning. */
class TextEncoderFuserTest {
    private static ObjectStore store;
    private static ModelBundle bundle;
    private static TextEncoderFuser fuser;

    @BeforeAll
    static void open() {
        store = TestInfra.objectStore("enhancer-text-encoder-test");
        bundle = ModelBundle.load(Bundles.locate("instruct-pix2pix-tiny"));
        fuser = new TextEncoderFuser(bundle, Device.CPU, store);
    }

    @AfterAll
    static void close() {
        fuser.close();
        store.close();
    }

    @Test
    void storesTheInstructionsHiddenStatesAsTheConditioning() {
        String id = "text-" + UUID.randomUUID();
        GuidanceProduced g = TestEvents.guidance(id, TestEvents.ref("s3://unused/" + id, 8, 64));
        Fuser.Fused fused = fuser.fuse(g, TestEvents.cues(id, TestEvents.ref("s3://unused/c" + id, 70, 64)));

        assertThat(fused.mode()).isEqualTo(FusionMode.TEXT_ENCODER);
        assertThat(fused.conditioning().getShape()).containsExactly(77L, 32L);
        // the fixture's conditioning is below s3.inlineTensorBytes: it travels in the event
        assertThat(fused.conditioning().getUri()).isEqualTo(TensorPlacement.inlineUri(ObjectKeys.tensor("acme", id, "enhancer")));
        assertThat(fused.modelId()).isEqualTo("instruct-pix2pix-tiny");
        FloatTensor stored = FloatTensor.fromBytes(new long[] {77, 32}, store.getTensor(fused.conditioning()));
        try (ClipTextEncoder text = ClipTextEncoder.load(bundle, Device.CPU)) {
            assertThat(stored).isEqualTo(text.encode(g.getExplicitInstruction()));
            assertThat(stored).isNotEqualTo(text.encode("something else entirely"));
        }
    }

    @Test
    void aFluxBundleGivesTheT5SequenceAndThePooledClipProjectionOffloadedOrNot() {
        ModelBundle flux = ModelBundle.load(Bundles.locate("flux-kontext-tiny"));
        String id = "flux-" + UUID.randomUUID();
        GuidanceProduced g = TestEvents.guidance(id, TestEvents.ref("s3://unused/" + id, 8, 64));
        FluxTextEncoders.Encoded expected;
        try (FluxTextEncoders text = FluxTextEncoders.load(flux, Device.CPU)) {
            expected = text.encode(g.getExplicitInstruction());
            assertThat(expected.sequence()).isNotEqualTo(text.encode("something else entirely").sequence());
        }
        for (boolean offload : new boolean[] {false, true}) {
            try (TextEncoderFuser fluxFuser = new TextEncoderFuser(flux, Device.CPU, store, offload)) {
                assertThat(fluxFuser.description()).contains("T5").contains(offload ? "released after encoding" : "FLUX");
                Fuser.Fused fused = fluxFuser.fuse(g, TestEvents.cues(id, TestEvents.ref("s3://unused/c" + id, 70, 64)));
                assertThat(fused.mode()).isEqualTo(FusionMode.TEXT_ENCODER);
                assertThat(fused.conditioning().getShape()).containsExactly(512L, 32L);
                assertThat(fused.pooled().getShape()).containsExactly(32L);
                assertThat(fused.pooled().getUri()).isEqualTo(TensorPlacement.inlineUri(ObjectKeys.tensor("acme", id, "enhancer-pooled")));
                assertThat(FloatTensor.fromBytes(new long[] {512, 32}, store.getTensor(fused.conditioning()))).isEqualTo(expected.sequence());
                assertThat(FloatTensor.fromBytes(new long[] {32}, store.getTensor(fused.pooled()))).isEqualTo(expected.pooled());
            }
        }
        assertThat(fuser.fuse(g, TestEvents.cues(id, TestEvents.ref("s3://unused/c" + id, 70, 64))).pooled())
                .as("a CLIP-only bundle has no pooled projection").isNull();
    }

    @Test
    void theModeIsConfiguredAndABundleWithoutTextEncoderIsRefused() throws Exception {
        JsonObject defaults = EnhancerConfigTest.shippedDefaults();
        assertThat(EnhancerConfig.from(defaults).textEncoderMode()).isFalse();
        JsonObject fusion = defaults.copy().put("fusion", new JsonObject().put("mode", "text_encoder"));
        assertThat(EnhancerConfig.from(fusion).textEncoderMode()).isTrue();
        assertThatThrownBy(() -> EnhancerConfig.from(fusion.copy().put("fusion", new JsonObject().put("mode", "qformer"))))
                .hasMessageContaining("qformer").hasMessageContaining("text_encoder");
        assertThatThrownBy(() -> new TextEncoderFuser(ModelBundle.load(Bundles.locate("enhancer")), Device.CPU, store))
                .isInstanceOf(BundleException.class).hasMessageContaining("text_encoder")
                .hasMessageContaining("last_hidden_state");
    }
}
