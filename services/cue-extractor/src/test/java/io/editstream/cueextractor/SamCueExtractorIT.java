package io.editstream.cueextractor;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.cueextractor.sam.SamRegionProposer;
import io.editstream.events.CuesExtracted;
import io.editstream.events.Region;
import io.editstream.kafka.Topics;
import io.editstream.onnx.Bundles;
import io.editstream.onnx.Device;
import io.editstream.onnx.FloatTensor;
import io.editstream.onnx.ImageTensors;
import io.editstream.testing.RequestStageContract;
import io.editstream.testing.SampleImages;
import io.editstream.testing.TestServices;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * The cue extractor verticle with {@code cues.regions=sam} (the bundled SAM fixture) on a real in-JVM broker and
 * S3 endpoint, under the stages' contract: its CuesExtracted carries SAM's automatic-mask regions, not the
 * colour components, and one mask-pooled cue row per region.
 */
class SamCueExtractorIT extends RequestStageContract<CuesExtracted> {
    SamCueExtractorIT() {
        super(CueExtractorVerticle::new, Topics.CUES_EXTRACTED, "what would the red ball on the wooden table look like after a rain");
    }

    @Override
    protected JsonObject config(String bucket) {
        return TestServices.config(bucket).put("cues", new JsonObject().put("regions", "sam").put("maxRegions", 4)
                .put("sam", new JsonObject().put("bundle", "default")));
    }

    @Override
    protected void checkOutput(String id, CuesExtracted out) {
        BufferedImage scene = ImageTensors.decode(SampleImages.scenePng(64, 64, 1));
        List<Region> expected;
        try (SamRegionProposer sam = SamRegionProposer.load(Bundles.locate("sam"), Device.CPU, 4)) {
            expected = sam.propose(scene).stream().map(ProposedRegion::region).toList();
        }
        assertThat(expected).isNotEmpty();
        assertThat(out.getRegions()).isEqualTo(expected);
        assertThat(out.getRegions()).isNotEqualTo(new RegionFinder(RegionFinder.Settings.defaults()).find(scene));
        int rows = 64 + expected.size() + 2;
        assertThat(out.getCues().getShape()).containsExactly((long) rows, 64L);
        FloatTensor cues = FloatTensor.fromBytes(new long[] {rows, 64}, store.getTensor(out.getCues()));
        assertThat(cues.data()).hasSize(rows * 64);
        assertThat(out.getTextCues()).containsExactly("red ball", "wooden table");
    }
}
