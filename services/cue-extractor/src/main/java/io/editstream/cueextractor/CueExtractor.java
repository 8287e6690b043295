package io.editstream.cueextractor;

import io.editstream.events.Region;
import io.editstream.onnx.BundleException;
import io.editstream.onnx.ClipEncoder;
import io.editstream.onnx.Device;
import io.editstream.onnx.FloatTensor;
import io.editstream.onnx.LoadedModel;
import io.editstream.onnx.ModelBundle;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * FRCE, fine-grained reasoning cue extraction, over a CLIP encoder ({@link ClipEncoder}: the project's {@code clip}
 * bundle, or a Hugging Face CLIP export of kind {@code clip-hf}, whose patch tokens are the vision tower's
 * {@code last_hidden_state} without CLS, projected into the text embeddings' space). Patch cues are the image
 * encoder's patch tokens [P, D]. Region cues are pooled from them: a region from the {@link RegionProposer}
 * ({@link RegionFinder}'s colour components, or SAM's masks) with a pixel mask is the coverage-weighted mean
 * of the patches its mask covers ({@link MaskPooling}); one with a box only is the mean of the patch tokens
 * whose patch centre lies inside its box ({@link RegionPooling}). Textual cues are the text encoder's sentence embedding of each
 * key phrase from {@link PhraseExtractor}. All three are stacked in that order into one [P + R + C, D]
 * tensor, which is what the enhancer attends over.
 */
public record CueExtractor(ClipEncoder clip, RegionProposer regionProposer, PhraseExtractor phraseExtractor)
        implements LoadedModel {

    /** The cues of one request; {@code cues} is [patchCount + regions + textCues, D]. */
    public record Cues(FloatTensor cues, int patchCount, List<Region> regions, List<String> textCues) {
    }

    /** Loads both encoders of a {@code clip} or {@code clip-hf} bundle; the bundle must give patch tokens. */
    public static CueExtractor load(ModelBundle clip, Device device, RegionProposer regionProposer,
                                    PhraseExtractor phraseExtractor) {
        ClipEncoder encoder = ClipEncoder.load(clip, device);
        if (!encoder.hasPatchTokens()) {
            encoder.close();
            throw new BundleException("CLIP bundle " + clip.dir() + " gives no patch tokens, which the cue extractor needs: "
                    + "add vision_model.onnx (pixel_values -> image_embeds, last_hidden_state) and, when the vision width "
                    + "differs from projection_dim, visual_projection.onnx (see models/README.md)");
        }
        return new CueExtractor(encoder, regionProposer, phraseExtractor);
    }

    public Cues extract(BufferedImage image, String instruction) {
        FloatTensor patches = clip.encodeImage(image).patchTokens();
        int patchCount = (int) patches.shape()[1];
        int dim = (int) patches.shape()[2];
        List<ProposedRegion> proposals = regionProposer.propose(image);
        // the part of the image the patch grid covers (all of it, or a CLIP processor's centre crop)
        double[] view = clip.patchGridView(image.getWidth(), image.getHeight());
        List<Region> regions = proposals.stream().map(ProposedRegion::region).toList();
        List<String> phrases = phraseExtractor.extract(instruction);
        float[] out = new float[(patchCount + regions.size() + phrases.size()) * dim];
        System.arraycopy(patches.data(), 0, out, 0, patchCount * dim);
        int row = patchCount;
        for (ProposedRegion proposal : proposals) {
            float[] pooled = proposal.pool(patches.data(), patchCount, dim, image.getWidth(), image.getHeight(), view);
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

    /** The encoder's start-up description (bundle kind, graphs, preprocessing). */
    public String describe() {
        return clip.describe();
    }

    @Override
    public void close() {
        clip.close();
        regionProposer.close();
    }
}
