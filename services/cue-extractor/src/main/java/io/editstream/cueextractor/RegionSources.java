package io.editstream.cueextractor;

import io.editstream.cueextractor.sam.SamRegionProposer;
import io.editstream.onnx.Bundles;
import io.editstream.onnx.Device;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the region source the {@code cues} config names: {@code "regions": "components"} (default, the
 * colour-component {@link RegionFinder}) or {@code "sam"} with {@code "sam": {"bundle": DIR}} (empty or
 * {@code default}: the bundled {@code sam}, found like every bundle by {@link Bundles#locate}).
 */
public final class RegionSources {
    private static final Logger LOG = LoggerFactory.getLogger(RegionSources.class);
    public static final String COMPONENTS = "components";
    public static final String SAM = "sam";

    private RegionSources() {
    }

    public static RegionProposer open(JsonObject cues, CueOptions options, Device device) {
        String kind = cues.getString("regions", COMPONENTS).trim();
        RegionProposer proposer = switch (kind) {
            case COMPONENTS -> new RegionFinder(options.regions());
            case SAM -> SamRegionProposer.load(samBundle(cues.getJsonObject("sam", new JsonObject()).getString("bundle", "")),
                    device, options.regions().maxRegions());
            default -> throw new IllegalArgumentException("cues.regions must be '" + COMPONENTS + "' or '" + SAM
                    + "', got '" + kind + "'");
        };
        LOG.info("Region source: {}", proposer.description());
        return proposer;
    }

    /** {@code cues.sam.bundle}: empty or {@code default} = the bundled {@code sam}, else a folder. */
    static Path samBundle(String configured) {
        if (configured == null || configured.isBlank() || configured.trim().equals("default")) {
            return Bundles.locate("sam");
        }
        return Path.of(configured.trim());
    }
}
