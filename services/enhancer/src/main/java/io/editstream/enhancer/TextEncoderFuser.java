package io.editstream.enhancer;

import io.editstream.events.CuesExtracted;
import io.editstream.events.DType;
import io.editstream.events.FusionMode;
import io.editstream.events.GuidanceProduced;
import io.editstream.events.TensorRef;
import io.editstream.onnx.ClipTextEncoder;
import io.editstream.onnx.Device;
import io.editstream.onnx.FloatTensor;
import io.editstream.onnx.ModelBundle;
import io.editstream.stage.StageTimer;
import io.editstream.storage.ObjectKeys;
import io.editstream.storage.ObjectStore;

/**
 * The enhancer's text-encoder mode ({@code fusion.mode: text_encoder}), for full-size InstructPix2Pix-family
 * renderers that were trained on CLIP text conditioning: the reasoner's explicit instruction goes through
 * the CLIP text encoder of an Optimum export (its {@code text_encoder/} and {@code tokenizer/}) and the
 * hidden states [77, 768] are stored as the conditioning. The cues and guidance tokens are not used; the
 * join still waits for both halves, so every request keeps one path through the pipeline.
 */
public final class TextEncoderFuser implements Fuser.Loaded {
    private final ClipTextEncoder encoder;
    private final ObjectStore store;
    private final String modelId;
    private final String modelVersion;

    public TextEncoderFuser(ModelBundle bundle, Device device, ObjectStore store) {
        this.encoder = ClipTextEncoder.load(bundle, device);
        this.store = store;
        this.modelId = bundle.name();
        this.modelVersion = bundle.version();
    }

    @Override
    public Fused fuse(GuidanceProduced guidance, CuesExtracted cues) {
        StageTimer timer = new StageTimer();
        FloatTensor hidden = timer.model(() -> encoder.encode(guidance.getExplicitInstruction()));
        TensorRef ref = timer.io(() -> store.putTensor(ObjectKeys.tensor(guidance.getTenant(), guidance.getRequestId(), EnhancerEvents.STAGE),
                hidden.toBytes(), hidden.shape(), DType.FLOAT32));
        return new Fused(ref, modelId, modelVersion, timer.modelMicros(), timer.ioMicros(), FusionMode.TEXT_ENCODER, null);
    }

    @Override
    public String provider() {
        return encoder.provider();
    }

    @Override
    public void close() {
        encoder.close();
    }
}
