package io.editstream.cueextractor;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class CueOptionsTest {

    @Test
    void cueLimitsComeFromTheCuesSection() {
        CueOptions options = CueOptions.from(new JsonObject().put("maxRegions", 3).put("minAreaFraction", 0.01).put("maxTextCues", 2));
        assertThat(options.regions()).isEqualTo(new RegionFinder.Settings(3, 60.0, 56.0, 0.01));
        assertThat(options.maxTextCues()).isEqualTo(2);
    }

    @Test
    void absentCueSettingsFallBackToTheDefaults() {
        CueOptions options = CueOptions.from(new JsonObject());
        assertThat(options.regions()).isEqualTo(RegionFinder.Settings.defaults());
        assertThat(options.maxTextCues()).isEqualTo(4);
    }
}
