package io.editstream.cueextractor;

import io.vertx.core.json.JsonObject;

/**
 * The cue extractor's own settings, from the {@code cues} config section: how many region and
 * textual cues a request gets and how regions are told from the background.
 */
public record CueOptions(RegionFinder.Settings regions, int maxTextCues) {

    public static CueOptions from(JsonObject cues) {
        RegionFinder.Settings defaults = RegionFinder.Settings.defaults();
        return new CueOptions(
                new RegionFinder.Settings(cues.getInteger("maxRegions", defaults.maxRegions()),
                        cues.getDouble("backgroundDistance", defaults.backgroundDistance()),
                        cues.getDouble("objectSpread", defaults.objectSpread()),
                        cues.getDouble("minAreaFraction", defaults.minAreaFraction())),
                cues.getInteger("maxTextCues", 4));
    }
}
