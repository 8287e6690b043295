package io.editstream.cueextractor;

import io.editstream.events.Region;

/**
 * A region a {@link RegionProposer} found: the event's {@link Region} (box, area share, mean colour) and, when
 * the proposer segments, its pixel mask. Masked regions are pooled over the patches the mask covers
 * ({@link MaskPooling}); box-only regions over the patches whose centre lies in the box ({@link RegionPooling}).
 */
public record ProposedRegion(Region region, RegionMask mask) {

    public static ProposedRegion box(Region region) {
        return new ProposedRegion(region, null);
    }

    /** The region cue: row-major [P, D] patch tokens pooled into one [D] vector. */
    public float[] pool(float[] tokens, int patchCount, int dim, int imageWidth, int imageHeight) {
        return mask == null ? RegionPooling.pool(tokens, patchCount, dim, region, imageWidth, imageHeight)
                : MaskPooling.pool(tokens, patchCount, dim, mask);
    }
}
