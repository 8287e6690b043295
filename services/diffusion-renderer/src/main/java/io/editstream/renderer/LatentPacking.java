package io.editstream.renderer;

/**
 * FLUX's token layout for VAE latents, restating FluxKontextPipeline's static helpers: each 2×2 patch of a
 * [B, C, H, W] latent becomes one token of 4C values ({@code _pack_latents}), undone by
 * {@code _unpack_latents}; position ids are (0, row, col) per token ({@code _prepare_latent_image_ids}),
 * with first coordinate 1 for the Kontext reference image ({@code image_ids[..., 0] = 1}) and all zeros
 * for text ({@code text_ids}). The transformer sees the noise tokens followed by the reference tokens
 * and only the first (noise) part of its output is kept. Tensors are row-major float arrays.
 */
public final class LatentPacking {
    /** The noise image's first id coordinate, and the Kontext reference image's. */
    public static final int NOISE_IMAGE = 0;
    public static final int REFERENCE_IMAGE = 1;

    private LatentPacking() {
    }

    /** [B, T, D] tokens as a flat array. */
    public record Tokens(float[] values, int batch, int length, int width) {
        public Tokens {
            if ((long) batch * length * width != values.length) {
                throw new IllegalArgumentException("[" + batch + ", " + length + ", " + width + "] tokens need "
                        + (long) batch * length * width + " values, got " + values.length);
            }
        }

        /** The first {@code count} tokens of every batch entry, as {@code noise_pred[:, :count]}. */
        public Tokens first(int count) {
            if (count < 0 || count > length) {
                throw new IllegalArgumentException("cannot keep " + count + " of " + length + " tokens");
            }
            float[] kept = new float[batch * count * width];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(values, b * length * width, kept, b * count * width, count * width);
            }
            return new Tokens(kept, batch, count, width);
        }
    }

    /** The latent side for a pixel side, as _unpack_latents and prepare_latents compute it: 2·(pixels // (vae·2)). */
    public static int latentSide(int pixels, int vaeScaleFactor) {
        return 2 * (pixels / (vaeScaleFactor * 2));
    }

    /** Tokens per image: (H/2)·(W/2) for an H×W latent (FluxKontextPipeline's image_seq_len). */
    public static int sequenceLength(int latentHeight, int latentWidth) {
        requireEven(latentHeight, latentWidth);
        return (latentHeight / 2) * (latentWidth / 2);
    }

    /** _pack_latents: view(B, C, H/2, 2, W/2, 2).permute(0, 2, 4, 1, 3, 5).reshape(B, (H/2)(W/2), 4C). */
    public static Tokens pack(float[] latents, int batch, int channels, int height, int width) {
        requireEven(height, width);
        requireSize(latents, batch, channels, height, width);
        int rows = height / 2;
        int cols = width / 2;
        float[] packed = new float[latents.length];
        int out = 0;
        for (int b = 0; b < batch; b++) {
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    for (int ch = 0; ch < channels; ch++) {
                        for (int dy = 0; dy < 2; dy++) {
                            int rowStart = ((b * channels + ch) * height + 2 * r + dy) * width + 2 * c;
                            packed[out++] = latents[rowStart];
                            packed[out++] = latents[rowStart + 1];
                        }
                    }
                }
            }
        }
        return new Tokens(packed, batch, rows * cols, channels * 4);
    }

    /** _unpack_latents: the [B, (H/2)(W/2), 4C] tokens back to [B, C, H, W] for an H×W latent. */
    public static float[] unpack(Tokens tokens, int height, int width) {
        requireEven(height, width);
        if (tokens.length() != sequenceLength(height, width) || tokens.width() % 4 != 0) {
            throw new IllegalArgumentException(tokens.length() + " tokens of " + tokens.width() + " values do not unpack to a "
                    + height + "x" + width + " latent");
        }
        int channels = tokens.width() / 4;
        int cols = width / 2;
        float[] packed = tokens.values();
        float[] latents = new float[packed.length];
        int in = 0;
        for (int b = 0; b < tokens.batch(); b++) {
            for (int r = 0; r < height / 2; r++) {
                for (int c = 0; c < cols; c++) {
                    for (int ch = 0; ch < channels; ch++) {
                        for (int dy = 0; dy < 2; dy++) {
                            int rowStart = ((b * channels + ch) * height + 2 * r + dy) * width + 2 * c;
                            latents[rowStart] = packed[in++];
                            latents[rowStart + 1] = packed[in++];
                        }
                    }
                }
            }
        }
        return latents;
    }

    /** _prepare_latent_image_ids for an H×W latent: [(H/2)(W/2), 3] rows of (image, row, col), row-major. */
    public static float[] imageIds(int latentHeight, int latentWidth, int image) {
        int rows = latentHeight / 2;
        int cols = latentWidth / 2;
        float[] ids = new float[sequenceLength(latentHeight, latentWidth) * 3];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int at = (r * cols + c) * 3;
                ids[at] = image;
                ids[at + 1] = r;
                ids[at + 2] = c;
            }
        }
        return ids;
    }

    /** text_ids: zeros [tokens, 3] (FLUX places text at no image position). */
    public static float[] textIds(int tokens) {
        return new float[tokens * 3];
    }

    /** torch.cat([latent_ids, image_ids], dim=0): the ids of the concatenated sequence. */
    public static float[] concatIds(float[] noiseIds, float[] referenceIds) {
        float[] ids = new float[noiseIds.length + referenceIds.length];
        System.arraycopy(noiseIds, 0, ids, 0, noiseIds.length);
        System.arraycopy(referenceIds, 0, ids, noiseIds.length, referenceIds.length);
        return ids;
    }

    /** torch.cat([latents, image_latents], dim=1): per batch entry, the noise tokens then the reference tokens. */
    public static Tokens concat(Tokens noise, Tokens reference) {
        if (noise.batch() != reference.batch() || noise.width() != reference.width()) {
            throw new IllegalArgumentException("cannot join [" + noise.batch() + ", " + noise.length() + ", " + noise.width()
                    + "] and [" + reference.batch() + ", " + reference.length() + ", " + reference.width() + "] tokens");
        }
        int length = noise.length() + reference.length();
        int noiseRow = noise.length() * noise.width();
        int referenceRow = reference.length() * reference.width();
        float[] joined = new float[noise.values().length + reference.values().length];
        for (int b = 0; b < noise.batch(); b++) {
            System.arraycopy(noise.values(), b * noiseRow, joined, b * (noiseRow + referenceRow), noiseRow);
            System.arraycopy(reference.values(), b * referenceRow, joined, b * (noiseRow + referenceRow) + noiseRow, referenceRow);
        }
        return new Tokens(joined, noise.batch(), length, noise.width());
    }

    private static void requireEven(int height, int width) {
        if (height < 2 || width < 2 || height % 2 != 0 || width % 2 != 0) {
            throw new IllegalArgumentException("2x2 packing needs an even latent size, got " + height + "x" + width);
        }
    }

    private static void requireSize(float[] latents, int batch, int channels, int height, int width) {
        if ((long) batch * channels * height * width != latents.length) {
            throw new IllegalArgumentException("[" + batch + ", " + channels + ", " + height + ", " + width + "] latents need "
                    + (long) batch * channels * height * width + " values, got " + latents.length);
        }
    }
}
