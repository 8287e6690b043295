package io.editstream.enhancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.editstream.events.CuesExtracted;
import io.editstream.events.DType;
import io.editstream.events.GuidanceProduced;
import io.editstream.events.TensorRef;
import io.editstream.kafka.RejectedInputException;
import io.editstream.onnx.Bundles;
import io.editstream.onnx.Device;
import io.editstream.onnx.FloatTensor;
import io.editstream.onnx.ModelBundle;
import io.editstream.storage.ObjectKeys;
import io.editstream.storage.TensorPlacement;
import io.editstream.storage.ObjectStore;
import io.editstream.testing.TestInfra;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fixture {@code enhancer} bundle's fusion over tensors kept in a real (in-JVM) S3 endpoint. */
class OnnxFuserTest {
    private static ObjectStore store;
    private static OnnxFuser fuser;

    @BeforeAll
    static void open() {
        store = TestInfra.objectStore("enhancer-fuser-test");
        fuser = new OnnxFuser(ModelBundle.load(Bundles.locate("enhancer")), Device.CPU, store);
    }

    @AfterAll
    static void close() {
        fuser.close();
        store.close();
    }

    @Test
    void fusesStoredTensorsIntoA16By64ConditioningDeterministically() {
        String id = "fuse-" + UUID.randomUUID();
        GuidanceProduced g = TestEvents.guidance(id, put(id, "reasoner", TestEvents.random(8, 64, 1)));
        CuesExtracted c = TestEvents.cues(id, put(id, "cue-extractor", TestEvents.random(70, 64, 2)));

        Fuser.Fused first = fuser.fuse(g, c);
        Fuser.Fused second = fuser.fuse(g, c);

        assertThat(first.conditioning().getShape()).containsExactly(16L, 64L);
        // the fixture's conditioning is below s3.inlineTensorBytes: it travels in the event
        assertThat(first.conditioning().getUri()).isEqualTo(TensorPlacement.inlineUri(ObjectKeys.tensor("acme", id, "enhancer")));
        assertThat(first.conditioning().getSha256()).isEqualTo(second.conditioning().getSha256());
        assertThat(first.modelId()).isEqualTo("enhancer-fixture");
        assertThat(first.modelMicros()).isPositive();
        FloatTensor stored = FloatTensor.fromBytes(new long[] {16, 64}, store.getTensor(first.conditioning()));
        float[] values = stored.data();
        assertThat(IntStream.range(0, values.length).allMatch(i -> Float.isFinite(values[i]))).isTrue();
        assertThat(IntStream.range(0, values.length).anyMatch(i -> values[i] != values[0])).as("not a constant").isTrue();

        c.setCues(put(id, "cue-extractor", TestEvents.random(70, 64, 3)));
        assertThat(fuser.fuse(g, c).conditioning().getSha256())
                .as("other cues give another conditioning").isNotEqualTo(first.conditioning().getSha256());
    }

    @Test
    void refusesMissingOrMisshapenTensorsAsBadInput() {
        String id = "bad-" + UUID.randomUUID();
        TensorRef guidance = put(id, "reasoner", TestEvents.random(8, 64, 1));
        TensorRef gone = TestEvents.ref(store.uri("tensors/" + id + "/gone.bin"), 70, 64);
        assertThatThrownBy(() -> fuser.fuse(TestEvents.guidance(id, guidance), TestEvents.cues(id, gone)))
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("gone.bin");

        TensorRef narrow = put(id, "cue-extractor", TestEvents.random(70, 32, 2));
        assertThatThrownBy(() -> fuser.fuse(TestEvents.guidance(id, guidance), TestEvents.cues(id, narrow)))
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("[70, 32]").hasMessageContaining("64");

        TensorRef tooMany = put(id, "reasoner", TestEvents.random(9, 64, 3));
        TensorRef cues = put(id, "cue-extractor", TestEvents.random(70, 64, 4));
        assertThatThrownBy(() -> fuser.fuse(TestEvents.guidance(id, tooMany), TestEvents.cues(id, cues)))
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("guidance tensor has shape [9, 64]");

        // a reasoner on its openai backend sends no guidance tokens: the learned fusion says what to run instead
        assertThatThrownBy(() -> fuser.fuse(TestEvents.guidance(id, null), TestEvents.cues(id, cues)))
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("no guidance tokens").hasMessageContaining("text_encoder");
    }

    private static TensorRef put(String id, String stage, FloatTensor tensor) {
        return store.putTensor(ObjectKeys.tensor("acme", id, stage), tensor.toBytes(), tensor.shape(), DType.FLOAT32);
    }
}
