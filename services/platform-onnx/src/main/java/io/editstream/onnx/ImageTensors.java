package io.editstream.onnx;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Images to model tensors and back: RGB in channel-first [1, 3, H, W] layout, either normalised per
 * channel ((x/255 − mean) / std, for encoders) or signed in [−1, 1] (for VAEs); the way back clamps.
 */
public final class ImageTensors {
    private ImageTensors() {
    }

    public static BufferedImage decode(byte[] bytes) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            if (image == null) {
                throw new IllegalArgumentException("not a readable image (" + bytes.length + " bytes)");
            }
            return image;
        } catch (IOException e) {
            throw new IllegalArgumentException("not a readable image: " + e.getMessage(), e);
        }
    }

    public static byte[] encodePng(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bilinear resize to an RGB image. */
    public static BufferedImage resize(BufferedImage image, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(image, 0, 0, width, height, null);
        g.dispose();
        return out;
    }

    public static FloatTensor toNormalizedChw(BufferedImage image, int size, float[] mean, float[] std) {
        BufferedImage rgb = image.getWidth() == size && image.getHeight() == size ? image : resize(image, size, size);
        float[] data = new float[3 * size * size];
        int plane = size * size;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int p = rgb.getRGB(x, y);
                int i = y * size + x;
                data[i] = (((p >> 16) & 0xFF) / 255f - mean[0]) / std[0];
                data[plane + i] = (((p >> 8) & 0xFF) / 255f - mean[1]) / std[1];
                data[2 * plane + i] = ((p & 0xFF) / 255f - mean[2]) / std[2];
            }
        }
        return new FloatTensor(new long[] {1, 3, size, size}, data);
    }

    public static FloatTensor toSignedChw(BufferedImage image, int width, int height) {
        BufferedImage rgb = image.getWidth() == width && image.getHeight() == height ? image : resize(image, width, height);
        float[] data = new float[3 * width * height];
        int plane = width * height;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = rgb.getRGB(x, y);
                int i = y * width + x;
                data[i] = ((p >> 16) & 0xFF) / 127.5f - 1f;
                data[plane + i] = ((p >> 8) & 0xFF) / 127.5f - 1f;
                data[2 * plane + i] = (p & 0xFF) / 127.5f - 1f;
            }
        }
        return new FloatTensor(new long[] {1, 3, height, width}, data);
    }

    /** Row {@code batchIndex} of a [B, 3, H, W] tensor in [−1, 1] as an RGB image. */
    public static BufferedImage fromSignedChw(FloatTensor chw, int batchIndex) {
        long[] shape = chw.shape();
        int height = (int) shape[2];
        int width = (int) shape[3];
        int plane = width * height;
        int offset = batchIndex * 3 * plane;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        float[] d = chw.data();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = offset + y * width + x;
                image.setRGB(x, y, (channel(d[i]) << 16) | (channel(d[plane + i]) << 8) | channel(d[2 * plane + i]));
            }
        }
        return image;
    }

    private static int channel(float signed) {
        float clamped = Math.max(-1f, Math.min(1f, signed));
        return Math.round((clamped + 1f) * 127.5f);
    }
}
