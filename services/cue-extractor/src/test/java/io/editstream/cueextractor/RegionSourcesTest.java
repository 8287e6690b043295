package io.editstream.cueextractor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.editstream.cueextractor.sam.SamRegionProposer;
import io.editstream.onnx.Bundles;
import io.editstream.onnx.Device;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** cues.regions picks the region source: colour components by default, SAM on request. */
class RegionSourcesTest {

    @Test
    void componentsAreTheDefault() {
        JsonObject cues = new JsonObject();
        try (RegionProposer proposer = RegionSources.open(cues, CueOptions.from(cues), Device.CPU)) {
            assertThat(proposer).isInstanceOf(RegionFinder.class);
            assertThat(proposer.description()).contains("colour components");
        }
    }

    @Test
    void samLoadsTheBundledFixtureByDefaultOrANamedFolder() {
        JsonObject cues = new JsonObject().put("regions", "sam").put("maxRegions", 3);
        try (RegionProposer proposer = RegionSources.open(cues, CueOptions.from(cues), Device.CPU)) {
            assertThat(proposer).isInstanceOf(SamRegionProposer.class);
            assertThat(proposer.description()).contains("SAM automatic masks").contains("sam-fixture")
                    .contains("8x8 points").contains("at most 3 regions");
        }
        assertThat(RegionSources.samBundle("default")).isEqualTo(Bundles.locate("sam"));
        assertThat(RegionSources.samBundle(" /models/sam-vit-b ").toString()).isEqualTo("/models/sam-vit-b");
    }

    @Test
    void anUnknownSourceIsRefused() {
        JsonObject cues = new JsonObject().put("regions", "boxes");
        assertThatThrownBy(() -> RegionSources.open(cues, CueOptions.from(cues), Device.CPU))
                .hasMessageContaining("cues.regions").hasMessageContaining("boxes");
    }
}
