package io.editstream.cueextractor;

import io.editstream.events.Region;
import io.editstream.onnx.ClipModel;
import io.editstream.onnx.Device;
import io.editstream.onnx.FloatTensor;
import io.editstream.onnx.LoadedModel;
import io.editstream.onnx.ModelBundle;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * FRCE, fine-grained reasoning cue extraction, over the {@code clip} bundle. Patch cues are the image
 * encoder's patch tokens [P, D]. Region cues are pooled from them: a region from the {@link RegionProposer}
 * ({@link RegionFinder}'s colour components, or SAM's masks) with a pixel mask is the coverage-weighted mean
 * of the patches its mask covers ({@link MaskPooling}); one with a box only is the mean of the patch tokens
 * whose patch centre lies inside its box ({@link RegionPooling}). Textual cues are the text encoder's sentence embedding of each
 * key phrase from {@link PhraseExtractor}. All three are stacked in that order into one [P + R + C, D]
 * tensor, which is what the enhancer attends over.
 */
public final class CueExtractor implements LoadedModel {

    /** The cues of one request; {@code cues} is [patchCount + regions + textCues, D]. */
    public record Cues(FloatTensor cues, int patchCount, List<Region> regions, List<String> textCues) {
    }

    private final ClipModel clip;
    private final RegionProposer regionProposer;
    private final PhraseExtractor phraseExtractor;

    private CueExtractor(ClipModel clip, RegionProposer regionProposer, PhraseExtractor phraseExtractor) {
        this.clip = clip;
        this.regionProposer = regionProposer;
        this.phraseExtractor = phraseExtractor;
    }

    /** Loads both encoders of the {@code clip} bundle. */
    public static CueExtractor load(ModelBundle clip, Device device, RegionProposer regionProposer,
                                    PhraseExtractor phraseExtractor) {
        return new CueExtractor(ClipModel.load(clip, device), regionProposer, phraseExtractor);
    }

    public Cues extract(BufferedImage image, String instruction) {
        FloatTensor patches = clip.encodeImage(image).patchTokens();
        int patchCount = (int) patches.shape()[1];
        int dim = (int) patches.shape()[2];
        List<ProposedRegion> proposals = regionProposer.propose(image);
        List<Region> regions = proposals.stream().map(ProposedRegion::region).toList();
        List<String> phrases = phraseExtractor.extract(instruction);
        float[] out = new float[(patchCount + regions.size() + phrases.size()) * dim];
        System.arraycopy(patches.data(), 0, out, 0, patchCount * dim);
        int row = patchCount;
        for (ProposedRegion proposal : proposals) {
            float[] pooled = proposal.pool(patches.data(), patchCount, dim, image.getWidth(), image.getHeight());
            System.arraycopy(pooled, 0, out, row++ * dim, dim);
        }
        for (String phrase : phrases) {
            System.arraycopy(clip.encodeText(phrase), 0, out, row++ * dim, dim);
        }
        return new Cues(new FloatTensor(new long[] {row, dim}, out), patchCount, regions, phrases);
    }

    @Override
    public ModelBundle bundle() {
        return clip.bundle();
    }

    @Override
    public String provider() {
        return clip.provider();
    }

    @Override
    public void close() {
        clip.close();
        regionProposer.close();
    }
}
