package io.editstream.renderer;

import io.editstream.onnx.BundleException;
import io.editstream.onnx.ClipTextEncoder;
import io.editstream.onnx.Device;
import io.editstream.onnx.FloatTensor;
import io.editstream.onnx.ModelBundle;
import java.util.Arrays;

/**
 * The text conditioning a renderer takes, [L, Dc] (-1 where any length is accepted), and the null conditioning
 * of classifier-free guidance's unconditioned branches: the encoding of "" by the bundle's own text encoder
 * (InstructPix2Pix), or zeros.
 */
final class NullConditioning {
    private final long[] shape;
    /** null: zeros. */
    private final float[] values;

    NullConditioning(long[] shape, float[] values) {
        this.shape = shape;
        this.values = values;
    }

    /** Zeros of the [L, Dc] from bundle.json (conditioningTokens/conditioningDim) where stated, else the UNet's fixed dims. */
    static NullConditioning zeros(ModelBundle bundle, long[] ehs) {
        var manifest = bundle.manifest();
        long tokens = manifest.path("conditioningTokens").asLong(ehs[1]);
        long dim = manifest.path("conditioningDim").asLong(ehs[2]);
        if ((ehs[1] > 0 && tokens != ehs[1]) || (ehs[2] > 0 && dim != ehs[2])) {
            throw new BundleException("renderer bundle " + bundle.dir() + ": bundle.json says conditioning [" + tokens + ", " + dim
                    + "] but the UNet takes [" + ehs[1] + ", " + ehs[2] + "]");
        }
        return new NullConditioning(new long[] {tokens, dim}, null);
    }

    /** The bundle's own CLIP text encoder on "", checked against the UNet's encoder_hidden_states {@code ehs}. */
    static NullConditioning emptyPrompt(ModelBundle bundle, Device device, long[] ehs) {
        try (ClipTextEncoder text = ClipTextEncoder.load(bundle, device)) {
            if ((ehs[1] > 0 && ehs[1] != text.tokens()) || (ehs[2] > 0 && ehs[2] != text.width())) {
                throw new BundleException("renderer bundle " + bundle.dir() + ": the text encoder gives [" + text.tokens() + ", "
                        + text.width() + "] hidden states but " + bundle.file("unet") + " takes encoder_hidden_states "
                        + Arrays.toString(ehs) + "; expected [B," + text.tokens() + "," + text.width() + "]");
            }
            FloatTensor empty = text.encode("");
            return new NullConditioning(empty.shape().clone(), empty.data());
        }
    }

    long[] shape() {
        return shape.clone();
    }

    void check(FloatTensor conditioning) {
        long[] given = conditioning.shape();
        boolean fits = given.length == 2 && (shape[0] < 0 || given[0] == shape[0]) && (shape[1] < 0 || given[1] == shape[1]);
        if (!fits) {
            throw new IllegalArgumentException("conditioning has shape " + Arrays.toString(given) + " but the renderer takes "
                    + Arrays.toString(shape));
        }
    }

    /** Text embeddings [prompt, null, null, …] for {@code rows} branches. */
    float[] hiddenStates(FloatTensor conditioning, int rows) {
        int size = conditioning.data().length;
        float[] hidden = new float[rows * size];
        System.arraycopy(conditioning.data(), 0, hidden, 0, size);
        if (values != null) {
            for (int b = 1; b < rows; b++) {
                System.arraycopy(values, 0, hidden, b * size, size);
            }
        }
        return hidden;
    }
}
