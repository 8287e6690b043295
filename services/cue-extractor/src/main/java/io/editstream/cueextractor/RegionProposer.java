package io.editstream.cueextractor;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Where region cues come from ({@code cues.regions}): {@code components}, the colour-component
 * {@link RegionFinder} made for the simulator's flat-shaded scenes (the default), or {@code sam}, Segment
 * Anything's automatic masks from an ONNX export ({@link io.editstream.cueextractor.sam.SamRegionProposer}).
 * Implementations are thread-safe.
 */
public interface RegionProposer extends AutoCloseable {

    /** The regions of {@code image}, most important first. */
    List<ProposedRegion> propose(BufferedImage image);

    /** One line for the start-up log: which source, which model, which settings. */
    String description();

    /** The model family behind the regions, for the stage's "model family" start-up line. */
    String family();

    @Override
    default void close() {
    }
}
