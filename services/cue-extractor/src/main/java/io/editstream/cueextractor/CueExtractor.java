package io.editstream.cueextractor;

import io.editstream.events.Region;
import io.editstream.onnx.BundleException;
import io.editstream.onnx.Device;
import io.editstream.onnx.FloatTensor;
import io.editstream.onnx.ImageTensors;
import io.editstream.onnx.LongTensor;
import io.editstream.onnx.ModelBundle;
import io.editstream.onnx.OnnxModel;
import io.editstream.onnx.WordTokenizer;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;

/**
 * FRCE, fine-grained reasoning cue extraction, over the {@code clip} bundle. Patch cues are the image
 * encoder's patch tokens [P, D]. Region cues are mask-pooled: each region found by {@link RegionFinder}
 * is the mean of the patch tokens whose patch centre lies inside its box (the patch under the box centre
 * when the box is smaller than a patch). Textual cues are the text encoder's sentence embedding of each
 * key phrase from {@link PhraseExtractor}. All three are stacked in that order into one [P + R + C, D]
 * tensor, which is what the enhancer attends over.
 */
public final class CueExtractor implements AutoCloseable {

    /** The cues of one request; {@code cues} is [patchCount + regions + textCues, D]. */
    public record Cues(FloatTensor cues, int patchCount, List<Region> regions, List<String> textCues) {
    }

    private final ModelBundle bundle;
    private final OnnxModel imageEncoder;
    private final OnnxModel textEncoder;
    private final WordTokenizer tokenizer;
    private final int textTokens;
    private final RegionFinder regionFinder;
    private final PhraseExtractor phraseExtractor;

    private CueExtractor(ModelBundle bundle, OnnxModel imageEncoder, OnnxModel textEncoder,
                         RegionFinder regionFinder, PhraseExtractor phraseExtractor) {
        this.bundle = bundle;
        this.imageEncoder = imageEncoder;
        this.textEncoder = textEncoder;
        this.tokenizer = bundle.tokenizer();
        this.textTokens = textTokens(textEncoder, bundle);
        this.regionFinder = regionFinder;
        this.phraseExtractor = phraseExtractor;
    }

    /** Loads both encoders of the {@code clip} bundle; closes what was opened if either fails. */
    public static CueExtractor load(ModelBundle clip, Device device, RegionFinder regionFinder,
                                    PhraseExtractor phraseExtractor) {
        OnnxModel image = null;
        OnnxModel text = null;
        try {
            image = OnnxModel.load(clip.file("image_encoder"), device);
            text = OnnxModel.load(clip.file("text_encoder"), device);
            return new CueExtractor(clip, image, text, regionFinder, phraseExtractor);
        } catch (RuntimeException e) {
            closeAll(text, image);
            throw e;
        }
    }

    public Cues extract(BufferedImage image, String instruction) {
        FloatTensor pixels = ImageTensors.toNormalizedChw(image, bundle.imageSize(), bundle.mean(), bundle.std());
        FloatTensor patches = imageEncoder.run(Map.of("pixel_values", pixels)).get("patch_tokens");
        int patchCount = (int) patches.shape()[1];
        int dim = (int) patches.shape()[2];
        List<Region> regions = regionFinder.find(image);
        List<String> phrases = phraseExtractor.extract(instruction);
        float[] out = new float[(patchCount + regions.size() + phrases.size()) * dim];
        System.arraycopy(patches.data(), 0, out, 0, patchCount * dim);
        int row = patchCount;
        for (Region region : regions) {
            float[] pooled = RegionPooling.pool(patches.data(), patchCount, dim, region, image.getWidth(), image.getHeight());
            System.arraycopy(pooled, 0, out, row++ * dim, dim);
        }
        for (String phrase : phrases) {
            LongTensor ids = tokenizer.encode(phrase, textTokens);
            FloatTensor embeds = textEncoder.run(Map.of("input_ids", ids, "attention_mask", tokenizer.attentionMask(ids)))
                    .get("text_embeds");
            System.arraycopy(embeds.data(), 0, out, row++ * dim, dim);
        }
        return new Cues(new FloatTensor(new long[] {row, dim}, out), patchCount, regions, phrases);
    }

    /** T of input_ids [B, T]: from the model when fixed, else the manifest's "maxTokens". */
    private static int textTokens(OnnxModel textEncoder, ModelBundle bundle) {
        long[] shape = textEncoder.inputShapes().get("input_ids");
        if (shape != null && shape.length == 2 && shape[1] > 0) {
            return (int) shape[1];
        }
        int fromManifest = bundle.manifest().path("maxTokens").asInt(0);
        if (fromManifest < 1) {
            throw new BundleException("bundle " + bundle.name() + ": text encoder input_ids has a dynamic length and "
                    + "bundle.json has no positive \"maxTokens\"");
        }
        return fromManifest;
    }

    public String modelId() {
        return bundle.name();
    }

    public String modelVersion() {
        return bundle.version();
    }

    public String provider() {
        return imageEncoder.provider();
    }

    /** Closes each non-null model, even when an earlier one fails to close. */
    private static void closeAll(OnnxModel first, OnnxModel second) {
        try {
            if (first != null) {
                first.close();
            }
        } finally {
            if (second != null) {
                second.close();
            }
        }
    }

    @Override
    public void close() {
        closeAll(textEncoder, imageEncoder);
    }
}
