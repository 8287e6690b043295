package io.editstream.enhancer;

import io.editstream.events.CuesExtracted;
import io.editstream.events.DType;
import io.editstream.events.FusionMode;
import io.editstream.events.GuidanceProduced;
import io.editstream.events.TensorRef;
import io.editstream.onnx.ClipTextEncoder;
import io.editstream.onnx.Device;
import io.editstream.onnx.FloatTensor;
import io.editstream.onnx.FluxTextEncoders;
import io.editstream.onnx.ModelBundle;
import io.editstream.stage.StageTimer;
import io.editstream.storage.ObjectKeys;
import io.editstream.storage.ObjectStore;

/**
 * The enhancer's text-encoder mode ({@code fusion.mode: text_encoder}), for full-size renderers trained on text
 * conditioning: the reasoner's explicit instruction is the prompt, encoded by the text side of the renderer's own
 * Optimum export and stored as the conditioning.
 * <ul>
 *   <li>InstructPix2Pix family ({@code text_encoder/}, {@code tokenizer/}): CLIP's hidden states [77, 768].</li>
 *   <li>FLUX family (also {@code text_encoder_2/}, {@code tokenizer_2/}): T5's hidden states [512, 4096] as the
 *       conditioning and CLIP's pooled projection [768] as the event's {@code pooled} tensor, as FluxKontextPipeline's
 *       encode_prompt gives them.</li>
 * </ul>
 * The cues and guidance tokens are not used; the join still waits for both halves, so every request keeps one path
 * through the pipeline. With {@code render.offloadTextEncoders} the FLUX encoders are loaded for each request and
 * released right after encoding, so a GPU shared with a 12B transformer holds them only while they encode (T5-XXL is
 * 9.5 GB in fp16); it costs their load time on every request.
 */
public final class TextEncoderFuser implements Fuser.Loaded {
    /** The object-key stage name of the pooled projection, beside the conditioning's "enhancer". */
    static final String POOLED = EnhancerEvents.STAGE + "-pooled";

    private final ModelBundle bundle;
    private final Device device;
    private final boolean flux;
    private final boolean offload;
    private final ClipTextEncoder clip;
    /** The loaded FLUX encoders; null while offloaded. */
    private FluxTextEncoders fluxEncoders;
    private final String provider;
    private final ObjectStore store;
    private final String modelId;
    private final String modelVersion;

    public TextEncoderFuser(ModelBundle bundle, Device device, ObjectStore store) {
        this(bundle, device, store, false);
    }

    public TextEncoderFuser(ModelBundle bundle, Device device, ObjectStore store, boolean offloadTextEncoders) {
        this.bundle = bundle;
        this.device = device;
        this.flux = FluxTextEncoders.present(bundle);
        this.offload = flux && offloadTextEncoders;
        // loaded once even when offloaded: a bundle that cannot load fails at start-up, not on the first request
        this.fluxEncoders = flux ? FluxTextEncoders.load(bundle, device) : null;
        this.clip = flux ? null : ClipTextEncoder.load(bundle, device);
        this.provider = flux ? fluxEncoders.provider() : clip.provider();
        this.store = store;
        this.modelId = bundle.name();
        this.modelVersion = bundle.version();
        if (offload) {
            fluxEncoders.close();
            fluxEncoders = null;
        }
    }

    /** Which text side conditions, for the start-up line. */
    public String description() {
        return !flux ? "CLIP text encoder" : "T5 encoder and CLIP pooled projection (FLUX)" + (offload
                ? ", loaded per request and released after encoding (render.offloadTextEncoders)" : "");
    }

    @Override
    public Fused fuse(GuidanceProduced guidance, CuesExtracted cues) {
        StageTimer timer = new StageTimer();
        String prompt = guidance.getExplicitInstruction();
        String tenant = guidance.getTenant();
        String id = guidance.getRequestId();
        if (!flux) {
            FloatTensor hidden = timer.model(() -> clip.encode(prompt));
            TensorRef ref = timer.io(() -> put(ObjectKeys.tensor(tenant, id, EnhancerEvents.STAGE), hidden));
            return new Fused(ref, modelId, modelVersion, timer.modelMicros(), timer.ioMicros(), FusionMode.TEXT_ENCODER, null);
        }
        FluxTextEncoders.Encoded encoded = timer.model(() -> encodeFlux(prompt));
        TensorRef sequence = timer.io(() -> put(ObjectKeys.tensor(tenant, id, EnhancerEvents.STAGE), encoded.sequence()));
        TensorRef pooled = timer.io(() -> put(ObjectKeys.tensor(tenant, id, POOLED), encoded.pooled()));
        return new Fused(sequence, modelId, modelVersion, timer.modelMicros(), timer.ioMicros(), FusionMode.TEXT_ENCODER, pooled);
    }

    private synchronized FluxTextEncoders.Encoded encodeFlux(String prompt) {
        if (!offload) {
            return fluxEncoders.encode(prompt);
        }
        try (FluxTextEncoders loaded = FluxTextEncoders.load(bundle, device)) {
            return loaded.encode(prompt);
        }
    }

    private TensorRef put(String key, FloatTensor tensor) {
        return store.putTensor(key, tensor.toBytes(), tensor.shape(), DType.FLOAT32);
    }

    @Override
    public String provider() {
        return provider;
    }

    @Override
    public synchronized void close() {
        if (fluxEncoders != null) {
            fluxEncoders.close();
        }
        if (clip != null) {
            clip.close();
        }
    }
}
