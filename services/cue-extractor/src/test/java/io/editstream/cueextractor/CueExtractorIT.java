package io.editstream.cueextractor;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.events.CuesExtracted;
import io.editstream.events.Region;
import io.editstream.kafka.Topics;
import io.editstream.onnx.FloatTensor;
import io.editstream.onnx.ImageTensors;
import io.editstream.storage.ObjectKeys;
import io.editstream.storage.TensorPlacement;
import io.editstream.testing.RequestStageContract;
import io.editstream.testing.SampleImages;
import java.util.List;

/**
 * The cue extractor verticle on a real in-JVM broker and S3 endpoint, under the stages' contract: a stored
 * source image gives a CuesExtracted with its regions, phrases and a stacked cue tensor in S3.
 */
class CueExtractorIT extends RequestStageContract<CuesExtracted> {
    CueExtractorIT() {
        super(CueExtractorVerticle::new, Topics.CUES_EXTRACTED, "what would the red ball on the wooden table look like after a rain");
    }

    @Override
    protected void checkOutput(String id, CuesExtracted out) {
        List<Region> expectedRegions = new RegionFinder(RegionFinder.Settings.defaults())
                .find(ImageTensors.decode(SampleImages.scenePng(64, 64, 1)));
        assertThat(expectedRegions).isNotEmpty();
        int rows = 64 + expectedRegions.size() + 2;
        assertThat(out.getPatchCount()).isEqualTo(64);
        assertThat(out.getRegions()).isEqualTo(expectedRegions);
        assertThat(out.getTextCues()).containsExactly("red ball", "wooden table");
        assertThat(out.getCues().getShape()).containsExactly((long) rows, 64L);
        assertThat(out.getCues().getUri())
                .as("at most s3.inlineTensorBytes: in the event, under the key it would have had")
                .isEqualTo(TensorPlacement.inlineUri(ObjectKeys.tensor("it", id, "cue-extractor")));
        FloatTensor cues = FloatTensor.fromBytes(new long[] {rows, 64}, store.getTensor(out.getCues()));
        assertThat(cues.data()).hasSize(rows * 64);
        assertThat(out.getStage().getModelMicros()).isPositive();
    }
}
