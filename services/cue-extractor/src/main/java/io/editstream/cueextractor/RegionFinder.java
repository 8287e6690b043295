package io.editstream.cueextractor;

import io.editstream.events.Region;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds object regions in a scene without a segmentation model. The colours that dominate the image
 * border are background (wall, table, floor); every pixel far from all of them is foreground. Foreground
 * is split into 4-connected, colour-homogeneous components (a pixel joins a component while it stays
 * close to the component's mean colour, so a ball resting on a table stays apart from the table).
 * Components smaller than a speck are anti-aliased edges or noise: they are merged into the adjacent
 * object of nearest colour, or dropped when nothing is adjacent. Each object becomes a {@link Region}
 * (bounding box, pixel share of the image, mean colour of its core in [0,1]); at most
 * {@link Settings#maxRegions()} are returned, largest first, ties top-to-bottom then left-to-right.
 */
public final class RegionFinder implements RegionProposer {

    /**
     * @param maxRegions         most regions returned
     * @param backgroundDistance RGB (0-255) Euclidean distance beyond which a pixel is not background
     * @param objectSpread       RGB distance from a component's mean colour within which a pixel joins it
     * @param minAreaFraction    components covering less of the image than this are specks
     */
    public record Settings(int maxRegions, double backgroundDistance, double objectSpread, double minAreaFraction) {
        public Settings {
            if (maxRegions < 1 || backgroundDistance <= 0 || objectSpread <= 0 || minAreaFraction < 0
                    || minAreaFraction >= 1) {
                throw new IllegalArgumentException("invalid region settings: " + maxRegions + ", "
                        + backgroundDistance + ", " + objectSpread + ", " + minAreaFraction);
            }
        }

        public static Settings defaults() {
            return new Settings(8, 60.0, 56.0, 0.002);
        }
    }

    private final Settings settings;

    public RegionFinder(Settings settings) {
        this.settings = settings;
    }

    @Override
    public List<ProposedRegion> propose(BufferedImage image) {
        return find(image).stream().map(ProposedRegion::box).toList();
    }

    @Override
    public String family() {
        return "colour components (no model; cues.regions=components, made for simulator scenes)";
    }

    @Override
    public String description() {
        return "colour components (cues.regions=components: at most " + settings.maxRegions()
                + ", background distance " + settings.backgroundDistance() + ", spread " + settings.objectSpread() + ")";
    }

    public List<Region> find(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        int[] rgb = image.getRGB(0, 0, width, height, null, 0, width);
        List<int[]> background = BorderPalette.dominantColours(rgb, width, height);
        int[] labels = new int[rgb.length];
        double limit = settings.backgroundDistance() * settings.backgroundDistance();
        for (int i = 0; i < rgb.length; i++) {
            labels[i] = BorderPalette.minSquaredDistance(rgb[i], background) > limit ? Components.UNLABELLED
                    : Components.BACKGROUND;
        }
        // never fewer than 2 pixels: a lone differing pixel is noise at any image size
        long minPixels = Math.max(2, (long) Math.ceil(settings.minAreaFraction() * rgb.length));
        List<Components.Blob> objects = new Components(rgb, labels, width, height)
                .grow(settings.objectSpread(), minPixels);
        objects.sort(Comparator.comparingLong((Components.Blob b) -> -b.count)
                .thenComparingInt(b -> b.minY).thenComparingInt(b -> b.minX));
        List<Region> regions = new ArrayList<>();
        for (Components.Blob b : objects.subList(0, Math.min(settings.maxRegions(), objects.size()))) {
            regions.add(toRegion(b, rgb.length));
        }
        return regions;
    }

    private static Region toRegion(Components.Blob b, int totalPixels) {
        List<Float> mean = List.of((float) (b.sumR / (255.0 * b.coreCount)), (float) (b.sumG / (255.0 * b.coreCount)),
                (float) (b.sumB / (255.0 * b.coreCount)));
        return Region.newBuilder().setX(b.minX).setY(b.minY).setWidth(b.maxX - b.minX + 1)
                .setHeight(b.maxY - b.minY + 1).setAreaFraction((float) b.count / totalPixels)
                .setMeanRgb(mean).build();
    }
}
