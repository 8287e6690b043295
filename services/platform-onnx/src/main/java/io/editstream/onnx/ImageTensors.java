package io.editstream.onnx;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Image bytes ↔ RGB images ↔ CHW float tensors, the pre- and post-processing every image bundle
 * shares. Images are squashed (not cropped) to the model size with bilinear filtering, halving step
 * by step on large reductions so small models still see the whole scene without aliasing. Encoder
 * inputs are x/255 then (x - mean)/std; diffusion images live in [-1, 1] and are clamped back to 0..255.
 */
public final class ImageTensors {

    private ImageTensors() {
    }

    /** Decodes PNG/JPEG/GIF/BMP bytes to TYPE_INT_RGB, compositing transparency over white. */
    public static BufferedImage decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new IllegalArgumentException("image is empty");
        }
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("image of " + bytes.length + " bytes is corrupt: " + e.getMessage(), e);
        }
        if (image == null) {
            throw new IllegalArgumentException("image of " + bytes.length + " bytes is not a readable PNG, JPEG, GIF "
                    + "or BMP");
        }
        return image.getType() == BufferedImage.TYPE_INT_RGB ? image : toRgb(image, image.getWidth(), image.getHeight());
    }

    public static byte[] encodePng(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer for image type " + image.getType());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding failed", e);
        }
        return out.toByteArray();
    }

    /** Bilinear resize to exactly width × height, TYPE_INT_RGB. */
    public static BufferedImage resize(BufferedImage image, int width, int height) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("cannot resize to " + width + "x" + height);
        }
        BufferedImage current = image;
        // One bilinear pass only blends 2x2 neighbours, so shrink by halves first to keep every pixel's say.
        while (current.getWidth() / 2 >= width && current.getHeight() / 2 >= height) {
            current = toRgb(current, current.getWidth() / 2, current.getHeight() / 2);
        }
        if (current.getWidth() == width && current.getHeight() == height && current.getType() == BufferedImage.TYPE_INT_RGB) {
            return current;
        }
        return toRgb(current, width, height);
    }

    /** [1,3,size,size] float32: channel c of pixel = (value/255 - mean[c]) / std[c]. */
    public static FloatTensor toNormalizedChw(BufferedImage image, int size, float[] mean, float[] std) {
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std need 3 values (R, G, B)");
        }
        return chw(resize(image, size, size), (c, value) -> (value / 255f - mean[c]) / std[c]);
    }

    /** [1,3,height,width] float32 in [-1, 1]: value/127.5 - 1. */
    public static FloatTensor toSignedChw(BufferedImage image, int width, int height) {
        return chw(resize(image, width, height), (c, value) -> value / 127.5f - 1f);
    }

    /** Maps channel {@code c}'s 0–255 value of a pixel to what the model reads. */
    private interface ChannelScale {
        float apply(int c, int value);
    }

    /** [1,3,H,W] planes R, G, B of an image already at the model's size. */
    private static FloatTensor chw(BufferedImage sized, ChannelScale scale) {
        int width = sized.getWidth();
        int height = sized.getHeight();
        float[] data = new float[3 * width * height];
        int plane = width * height;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = sized.getRGB(x, y);
                int i = y * width + x;
                for (int c = 0; c < 3; c++) {
                    data[c * plane + i] = scale.apply(c, (rgb >> (16 - 8 * c)) & 0xFF);
                }
            }
        }
        return new FloatTensor(new long[] {1, 3, height, width}, data);
    }

    /** Image {@code batchIndex} of a [B,3,H,W] tensor in [-1, 1]; values outside are clamped, NaN reads as 0. */
    public static BufferedImage fromSignedChw(FloatTensor chw, int batchIndex) {
        long[] s = chw.shape();
        if (s.length != 4 || s[1] != 3) {
            throw new IllegalArgumentException("expected a [B,3,H,W] image tensor, got " + chw);
        }
        if (batchIndex < 0 || batchIndex >= s[0]) {
            throw new IllegalArgumentException("batch index " + batchIndex + " outside " + chw);
        }
        int height = (int) s[2];
        int width = (int) s[3];
        int plane = width * height;
        int offset = batchIndex * 3 * plane;
        float[] data = chw.data();
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = offset + y * width + x;
                int rgb = toByte(data[i]) << 16 | toByte(data[i + plane]) << 8 | toByte(data[i + 2 * plane]);
                image.setRGB(x, y, rgb);
            }
        }
        return image;
    }

    private static int toByte(float signed) {
        float v = Float.isNaN(signed) ? 0f : Math.max(-1f, Math.min(1f, signed));
        return Math.round((v + 1f) * 127.5f);
    }

    private static BufferedImage toRgb(BufferedImage source, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(source, 0, 0, width, height, Color.WHITE, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
