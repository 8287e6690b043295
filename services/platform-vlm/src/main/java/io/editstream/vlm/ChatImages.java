package io.editstream.vlm;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;

/** Images as a chat request carries them: PNG data URIs, scaled down (never up) so the long side fits. */
public final class ChatImages {
    private ChatImages() {
    }

    /** The image as a PNG data URI, scaled (keeping its aspect) so that its longer side is at most {@code maxSide}. */
    public static String dataUri(BufferedImage image, int maxSide) {
        BufferedImage scaled = fit(image, maxSide);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(scaled, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the image as PNG", e);
        }
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray());
    }

    /** The image in RGB with its longer side at most {@code maxSide}; the image itself when it is both already. */
    public static BufferedImage fit(BufferedImage image, int maxSide) {
        int w = image.getWidth();
        int h = image.getHeight();
        int longSide = Math.max(w, h);
        boolean rgb = image.getType() == BufferedImage.TYPE_INT_RGB;
        if (longSide <= maxSide && rgb) {
            return image;
        }
        double scale = longSide <= maxSide ? 1.0 : (double) maxSide / longSide;
        int nw = Math.max(1, (int) Math.round(w * scale));
        int nh = Math.max(1, (int) Math.round(h * scale));
        BufferedImage out = new BufferedImage(nw, nh, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(image, 0, 0, nw, nh, null);
        g.dispose();
        return out;
    }
}
