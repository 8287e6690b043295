package io.editstream.cueextractor.sam;

import io.editstream.cueextractor.ProposedRegion;
import io.editstream.cueextractor.RegionMask;
import io.editstream.cueextractor.RegionProposer;
import io.editstream.events.Region;
import io.editstream.onnx.Device;
import io.editstream.onnx.ModelBundle;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Region cues from a Segment Anything ONNX export ({@code cues.regions=sam}): SAM's automatic masks, best
 * predicted IoU first, at most {@code maxRegions}. Each becomes a {@link Region}: the mask's box in pixels
 * (width and height count pixels, so SAM's XYWH box {@code x1 - x0} plus one), the mask's share of the image,
 * and the mean colour of the pixels under it; the mask travels along for mask pooling.
 */
public final class SamRegionProposer implements RegionProposer {
    private final SamModel model;
    private final SamMaskGenerator generator;
    private final int maxRegions;

    public SamRegionProposer(SamModel model, int maxRegions) {
        if (maxRegions < 1) {
            throw new IllegalArgumentException("maxRegions must be at least 1, got " + maxRegions);
        }
        this.model = model;
        this.generator = new SamMaskGenerator(model);
        this.maxRegions = maxRegions;
    }

    /** Loads and checks the SAM bundle in {@code dir}. */
    public static SamRegionProposer load(Path dir, Device device, int maxRegions) {
        return new SamRegionProposer(SamModel.load(SamSettings.bundle(dir), device), maxRegions);
    }

    @Override
    public List<ProposedRegion> propose(BufferedImage image) {
        SamMaskGenerator.Result result = generator.generate(image, maxRegions);
        int[] rgb = image.getRGB(0, 0, result.width(), result.height(), null, 0, result.width());
        List<ProposedRegion> out = new ArrayList<>();
        for (int i = 0; i < result.masks().size(); i++) {
            SamMaskGenerator.Candidate c = result.candidates().get(result.keep().get(i));
            RegionMask mask = new RegionMask(result.width(), result.height(), result.masks().get(i));
            out.add(new ProposedRegion(region(c.box(), mask, rgb), mask));
        }
        return out;
    }

    static Region region(int[] box, RegionMask mask, int[] rgb) {
        double r = 0;
        double g = 0;
        double b = 0;
        int area = 0;
        for (int i = 0; i < rgb.length; i++) {
            if (mask.pixels()[i]) {
                r += (rgb[i] >> 16) & 0xFF;
                g += (rgb[i] >> 8) & 0xFF;
                b += rgb[i] & 0xFF;
                area++;
            }
        }
        return Region.newBuilder().setX(box[0]).setY(box[1]).setWidth(box[2] - box[0] + 1).setHeight(box[3] - box[1] + 1)
                .setAreaFraction((float) area / rgb.length)
                .setMeanRgb(List.of((float) (r / area / 255.0), (float) (g / area / 255.0), (float) (b / area / 255.0)))
                .build();
    }

    public SamModel model() {
        return model;
    }

    @Override
    public String family() {
        return io.editstream.onnx.ModelFamily.describe(model.bundle());
    }

    @Override
    public String description() {
        ModelBundle bundle = model.bundle();
        return "SAM automatic masks (cues.regions=sam) from bundle " + bundle.name() + " " + bundle.version() + " at "
                + bundle.dir() + " on " + model.provider() + (model.encoderPreprocesses() ? " (encoder normalises and pads itself)" : "") + ": " + model.settings() + ", at most " + maxRegions + " regions";
    }

    @Override
    public void close() {
        model.close();
    }
}
