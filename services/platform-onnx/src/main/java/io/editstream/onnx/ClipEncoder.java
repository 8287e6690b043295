package io.editstream.onnx;

import java.awt.image.BufferedImage;

/**
 * A CLIP-style pair of encoders as the scorer (CLIP-I, CLIP-T) and the cue extractor (patch and textual cues)
 * use them, whichever bundle is behind it: the project's own {@code clip} bundle ({@link ClipModel}) or a
 * Hugging Face / Optimum CLIP export ({@link HfClipModel}, kind {@code clip-hf}). Embeddings are L2-normalised,
 * so a cosine is a dot product; patch tokens share the text embeddings' width.
 */
public interface ClipEncoder extends LoadedModel {

    /** The image's patch tokens [1, P, D] (a square grid, row-major; null when the bundle has none) and its embedding [D]. */
    ClipModel.ImageEncoding encodeImage(BufferedImage image);

    /** The text's embedding [D]. */
    float[] encodeText(String text);

    /** Whether {@link #encodeImage} gives patch tokens. */
    default boolean hasPatchTokens() {
        return true;
    }

    /**
     * The part of a {@code width × height} source image the patch grid covers, as fractions {x0, y0, x1, y1}:
     * the whole image for a squashing encoder, the centre crop for Hugging Face processors.
     */
    default double[] patchGridView(int width, int height) {
        return new double[] {0, 0, 1, 1};
    }

    /** One line for the start-up log: what the bundle is and how images and texts are prepared. */
    default String describe() {
        return bundle().kind() + " bundle " + bundle().name() + " " + bundle().version() + " on " + provider();
    }

    /** Loads a {@code clip} bundle as {@link ClipModel}, a {@code clip-hf} one as {@link HfClipModel}. */
    static ClipEncoder load(ModelBundle bundle, Device device) {
        return switch (bundle.kind()) {
            case "clip" -> ClipModel.load(bundle, device);
            case HfClipModel.KIND -> HfClipModel.load(bundle, device);
            default -> throw new BundleException("model bundle " + bundle.dir() + " is of kind '" + bundle.kind()
                    + "'; a CLIP encoder needs kind 'clip' (the project's bundle) or '" + HfClipModel.KIND
                    + "' (a Hugging Face / Optimum CLIP export, see models/README.md)");
        };
    }
}
