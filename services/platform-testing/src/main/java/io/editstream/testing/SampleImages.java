package io.editstream.testing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/** Deterministic table-top test images: a wall, a table, a floor and a few coloured shapes from a seed. */
public final class SampleImages {
    private static final Color[] COLOURS = {new Color(210, 40, 40), new Color(40, 80, 200), new Color(40, 170, 70),
        new Color(230, 200, 40), new Color(150, 60, 180)};

    private SampleImages() {
    }

    public static BufferedImage scene(int width, int height, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(214, 222, 230));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(150, 150, 160));
        g.fillRect(0, height * 50 / 64, width, height);
        g.setColor(new Color(139, 94, 60));
        int tableY = height * 34 / 64;
        g.fillRect(width * 6 / 64, tableY, width * 52 / 64, Math.max(2, height * 5 / 64));
        int objects = 2 + random.nextInt(3);
        for (int i = 0; i < objects; i++) {
            int size = Math.max(4, width * (8 + random.nextInt(6)) / 64);
            int x = width * 8 / 64 + i * (width * 48 / 64) / objects;
            g.setColor(COLOURS[random.nextInt(COLOURS.length)]);
            if (random.nextBoolean()) {
                g.fillOval(x, tableY - size, size, size);
            } else {
                g.fillRect(x, tableY - size, size, size);
            }
        }
        g.dispose();
        return image;
    }

    public static byte[] scenePng(int width, int height, long seed) {
        return png(scene(width, height, seed));
    }

    public static byte[] png(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code pattern(width, height, seed)} of models/scripts/clip_reference.py: a wrapped ramp plus hashed noise, RGB,
     * the images the real-encoder reference checks were computed on.
     */
    public static BufferedImage referencePattern(int width, int height, long seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (long y = 0; y < height; y++) {
            for (long x = 0; x < width; x++) {
                int rgb = 0;
                for (long c = 0; c < 3; c++) {
                    long smooth = x * (3 + c) + y * (5 - c) + seed * 17;
                    long hashed = ((x * 73856093L) ^ (y * 19349663L) ^ ((c + 1) * 83492791L) ^ (seed * 2654435761L)) & 0xFFFFFFFFL;
                    rgb = rgb << 8 | (int) ((smooth + (hashed >> 11) % 64) % 256);
                }
                image.setRGB((int) x, (int) y, rgb);
            }
        }
        return image;
    }
}
