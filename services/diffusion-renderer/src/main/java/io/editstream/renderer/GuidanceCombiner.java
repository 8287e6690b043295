package io.editstream.renderer;

/**
 * InstructPix2Pix's classifier-free guidance over two conditions. The UNet sees one batch of three:
 * [text + image, image only, neither]; the noise estimate is
 * ε = ε_uncond + g_T·(ε_text − ε_image) + g_I·(ε_image − ε_uncond).
 * Guidance is on only when g_T > 1 and g_I ≥ 1 (as in diffusers); otherwise one conditional branch runs.
 */
public record GuidanceCombiner(float textScale, float imageScale) {

    public boolean enabled() {
        return textScale > 1f && imageScale >= 1f;
    }

    /** How many UNet batch rows each denoising step needs. */
    public int branches() {
        return enabled() ? 3 : 1;
    }

    /** Combines the three branch outputs (each {@code n} values, laid out one after another in {@code batch}). */
    public float[] combine(float[] batch, int n) {
        if (!enabled()) {
            return java.util.Arrays.copyOf(batch, n);
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            float text = batch[i];
            float image = batch[n + i];
            float uncond = batch[2 * n + i];
            out[i] = uncond + textScale * (text - image) + imageScale * (image - uncond);
        }
        return out;
    }
}
