package io.editstream.renderer;

import java.awt.image.BufferedImage;

/**
 * Truly minimal edits (AURORA): wherever the rendering did not really change the picture, the source's own pixels
 * are kept exactly. A pixel counts as edited when any RGB channel of the rendering differs from the VAE's
 * reconstruction of the source by more than {@code threshold} (0–255), so the autoencoder's own small errors do not
 * count; the edited area is grown by {@code grow} pixels so an edit's soft edges are kept whole. Everything else is
 * copied from the source, which removes the small diffuse changes a denoiser leaves all over an image.
 */
final class UneditedPixels {
    private UneditedPixels() {
    }

    /** The edited mask [height·width], row-major: true where the rendering changed the picture. */
    static boolean[] edited(BufferedImage reconstruction, BufferedImage rendering, int threshold, int grow) {
        int w = rendering.getWidth();
        int h = rendering.getHeight();
        if (reconstruction.getWidth() != w || reconstruction.getHeight() != h) {
            throw new IllegalArgumentException("reconstruction " + reconstruction.getWidth() + "x" + reconstruction.getHeight()
                    + " and rendering " + w + "x" + h + " differ in size");
        }
        boolean[] changed = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                changed[y * w + x] = distance(reconstruction.getRGB(x, y), rendering.getRGB(x, y)) > threshold;
            }
        }
        return grow > 0 ? dilate(changed, w, h, grow) : changed;
    }

    /** The rendering where {@code edited} says so, the source's pixels elsewhere. */
    static BufferedImage keep(BufferedImage source, BufferedImage rendering, boolean[] edited) {
        int w = rendering.getWidth();
        int h = rendering.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(x, y, edited[y * w + x] ? rendering.getRGB(x, y) : source.getRGB(x, y));
            }
        }
        return out;
    }

    /** Share of pixels marked edited, for logs and tests. */
    static double share(boolean[] edited) {
        int n = 0;
        for (boolean e : edited) {
            n += e ? 1 : 0;
        }
        return edited.length == 0 ? 0 : (double) n / edited.length;
    }

    private static int distance(int a, int b) {
        int d = 0;
        for (int shift = 0; shift <= 16; shift += 8) {
            d = Math.max(d, Math.abs((a >> shift & 0xFF) - (b >> shift & 0xFF)));
        }
        return d;
    }

    /** Square dilation by {@code r} pixels (Chebyshev distance), clipped at the borders. */
    private static boolean[] dilate(boolean[] mask, int w, int h, int r) {
        boolean[] out = new boolean[mask.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (!mask[y * w + x]) {
                    continue;
                }
                for (int yy = Math.max(0, y - r); yy <= Math.min(h - 1, y + r); yy++) {
                    for (int xx = Math.max(0, x - r); xx <= Math.min(w - 1, x + r); xx++) {
                        out[yy * w + xx] = true;
                    }
                }
            }
        }
        return out;
    }
}
