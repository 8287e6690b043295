package io.editstream.renderer;

import java.util.List;

/**
 * FluxKontextPipeline's sizes. The reference image is resized to the Kontext training resolution nearest
 * its aspect ratio ({@code _auto_resize}, PREFERRED_KONTEXT_RESOLUTIONS) and the output to about
 * {@code max_area} pixels at the requested aspect ratio; both sides are then floored to multiples of
 * {@value #MULTIPLE} (vae_scale_factor 8 × 2), so the latent packs into 2×2 patches.
 */
public final class KontextSize {
    public static final int MULTIPLE = 16;
    /** FluxKontextPipeline.__call__'s default max_area, and its default output side (default_sample_size 128 × 8). */
    public static final long DEFAULT_MAX_AREA = 1024L * 1024L;
    public static final int DEFAULT_SIDE = 1024;

    /** PREFERRED_KONTEXT_RESOLUTIONS as (width, height), in diffusers' order. */
    public static final List<RenderSize> PREFERRED = List.of(new RenderSize(672, 1568), new RenderSize(688, 1504),
            new RenderSize(720, 1456), new RenderSize(752, 1392), new RenderSize(800, 1328), new RenderSize(832, 1248),
            new RenderSize(880, 1184), new RenderSize(944, 1104), new RenderSize(1024, 1024), new RenderSize(1104, 944),
            new RenderSize(1184, 880), new RenderSize(1248, 832), new RenderSize(1328, 800), new RenderSize(1392, 752),
            new RenderSize(1456, 720), new RenderSize(1504, 688), new RenderSize(1568, 672));

    private KontextSize() {
    }

    /**
     * The size the reference image is resized to. The source's sides are first floored to multiples of 16
     * (VaeImageProcessor.get_default_height_width, whose vae_scale_factor is 16 in this pipeline) and the
     * aspect ratio taken from those; with auto-resize the preferred resolution minimising
     * |ratio − w/h| wins, ties to the smaller width then height as Python's tuple {@code min} breaks them.
     */
    public static RenderSize reference(int sourceWidth, int sourceHeight, boolean autoResize) {
        int width = floorToMultiple(sourceWidth);
        int height = floorToMultiple(sourceHeight);
        if (width < MULTIPLE || height < MULTIPLE) {
            throw new IllegalArgumentException("reference image must be at least " + MULTIPLE + "x" + MULTIPLE + ", got "
                    + sourceWidth + "x" + sourceHeight);
        }
        if (!autoResize) {
            return new RenderSize(width, height);
        }
        double aspectRatio = (double) width / height;
        RenderSize best = null;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (RenderSize candidate : PREFERRED) {
            double distance = Math.abs(aspectRatio - (double) candidate.width() / candidate.height());
            if (distance < bestDistance || distance == bestDistance && smaller(candidate, best)) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return new RenderSize(floorToMultiple(best.width()), floorToMultiple(best.height()));
    }

    /**
     * The output size for a requested {@code width × height} (the pipeline's default is 1024 × 1024 whatever
     * the reference's size): width = round(√(max_area·ratio)), height = round(√(max_area/ratio)), Python's
     * round-half-even, then floored to multiples of 16.
     */
    public static RenderSize output(int width, int height, long maxArea) {
        if (width < 1 || height < 1 || maxArea < 1) {
            throw new IllegalArgumentException("output size and max_area must be positive, got " + width + "x" + height
                    + " and " + maxArea);
        }
        double aspectRatio = (double) width / height;
        int fittedWidth = floorToMultiple((int) Math.rint(Math.pow(maxArea * aspectRatio, 0.5)));
        int fittedHeight = floorToMultiple((int) Math.rint(Math.pow(maxArea / aspectRatio, 0.5)));
        if (fittedWidth < MULTIPLE || fittedHeight < MULTIPLE) {
            throw new IllegalArgumentException("max_area " + maxArea + " at " + width + "x" + height
                    + " leaves a side under " + MULTIPLE + " pixels");
        }
        return new RenderSize(fittedWidth, fittedHeight);
    }

    private static int floorToMultiple(int pixels) {
        return pixels / MULTIPLE * MULTIPLE;
    }

    private static boolean smaller(RenderSize candidate, RenderSize best) {
        return candidate.width() < best.width() || candidate.width() == best.width() && candidate.height() < best.height();
    }
}
