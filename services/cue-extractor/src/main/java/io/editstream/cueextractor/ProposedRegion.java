package io.editstream.cueextractor;

import io.editstream.events.Region;

/**
 * A region a {@link RegionProposer} found: the event's {@link Region} (box, area share, mean colour) and, when
 * the proposer segments, its pixel mask. Masked regions are pooled over the patches the mask covers
 * ({@link MaskPooling}); box-only regions over the patches whose centre lies in the box ({@link RegionPooling}).
 * The patch grid may cover only part of the image (a CLIP processor's centre crop): the region is first moved
 * into that view, and a region the view cuts off entirely takes the patch nearest to it.
 */
public record ProposedRegion(Region region, RegionMask mask) {

    /** The whole image, as fractions {x0, y0, x1, y1}: what a squash-resizing encoder's grid covers. */
    public static final double[] WHOLE_IMAGE = {0, 0, 1, 1};

    public static ProposedRegion box(Region region) {
        return new ProposedRegion(region, null);
    }

    /** The region cue: row-major [P, D] patch tokens pooled into one [D] vector, the grid covering the whole image. */
    public float[] pool(float[] tokens, int patchCount, int dim, int imageWidth, int imageHeight) {
        return pool(tokens, patchCount, dim, imageWidth, imageHeight, WHOLE_IMAGE);
    }

    /** As above, with the grid covering {@code view} ({x0, y0, x1, y1} as fractions of the image). */
    public float[] pool(float[] tokens, int patchCount, int dim, int imageWidth, int imageHeight, double[] view) {
        int left = (int) Math.round(view[0] * imageWidth);
        int top = (int) Math.round(view[1] * imageHeight);
        int viewWidth = Math.max(1, (int) Math.round(view[2] * imageWidth) - left);
        int viewHeight = Math.max(1, (int) Math.round(view[3] * imageHeight) - top);
        Region moved = Region.newBuilder(region).setX(region.getX() - left).setY(region.getY() - top).build();
        if (mask != null) {
            RegionMask cropped = crop(mask, left, top, viewWidth, viewHeight);
            if (cropped.area() > 0) {
                return MaskPooling.pool(tokens, patchCount, dim, cropped);
            }
        }
        return RegionPooling.pool(tokens, patchCount, dim, moved, viewWidth, viewHeight);
    }

    private static RegionMask crop(RegionMask mask, int left, int top, int width, int height) {
        if (left == 0 && top == 0 && width == mask.width() && height == mask.height()) {
            return mask;
        }
        boolean[] pixels = new boolean[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int sx = x + left;
                int sy = y + top;
                pixels[y * width + x] = sx >= 0 && sy >= 0 && sx < mask.width() && sy < mask.height() && mask.get(sx, sy);
            }
        }
        return new RegionMask(width, height, pixels);
    }
}
