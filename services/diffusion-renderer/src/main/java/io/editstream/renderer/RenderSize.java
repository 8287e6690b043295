package io.editstream.renderer;

/**
 * The pixel size the VAE sees. A bundle that states {@code imageSize} is rendered square at that size
 * (its graphs may be fixed-size); an Optimum bundle without one takes any multiple of 64, so the source
 * keeps its aspect ratio: the long side becomes {@value #DEFAULT_LONG_SIDE} (Stable Diffusion's training
 * size) and the short side the nearest multiple of 64, at least 64, which keeps the latent a multiple of 8.
 */
public record RenderSize(int width, int height) {
    public static final int DEFAULT_LONG_SIDE = 512;
    static final int MULTIPLE = 64;

    public RenderSize {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("render size must be positive, got " + width + "x" + height);
        }
    }

    public static RenderSize square(int size) {
        return new RenderSize(size, size);
    }

    /** Fits a source of {@code sourceWidth × sourceHeight} to a long side of {@code longSide} (rounded down to a multiple of 64). */
    public static RenderSize fitted(int sourceWidth, int sourceHeight, int longSide) {
        if (sourceWidth < 1 || sourceHeight < 1) {
            throw new IllegalArgumentException("source size must be positive, got " + sourceWidth + "x" + sourceHeight);
        }
        int longPixels = Math.max(MULTIPLE, longSide / MULTIPLE * MULTIPLE);
        int longer = Math.max(sourceWidth, sourceHeight);
        int shorter = Math.min(sourceWidth, sourceHeight);
        int shortPixels = (int) Math.max(MULTIPLE, Math.round((double) shorter * longPixels / longer / MULTIPLE) * MULTIPLE);
        return sourceWidth >= sourceHeight ? new RenderSize(longPixels, shortPixels) : new RenderSize(shortPixels, longPixels);
    }
}
