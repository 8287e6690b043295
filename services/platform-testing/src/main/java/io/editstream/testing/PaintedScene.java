package io.editstream.testing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/**
 * A hand-made test image as data: an RGB canvas (black until painted) and the filled rectangles and ovals drawn on it,
 * in order. Tests that need one particular scene state it here instead of each repeating the Graphics2D calls.
 */
public final class PaintedScene {
    private final BufferedImage image;
    private final Graphics2D g;

    private PaintedScene(int width, int height) {
        image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        g = image.createGraphics();
    }

    public static PaintedScene canvas(int width, int height) {
        return new PaintedScene(width, height);
    }

    /** A canvas filled with one colour. */
    public static PaintedScene filled(int width, int height, Color background) {
        return canvas(width, height).rect(background, 0, 0, width, height);
    }

    public PaintedScene rect(Color colour, int x, int y, int width, int height) {
        g.setColor(colour);
        g.fillRect(x, y, width, height);
        return this;
    }

    public PaintedScene oval(Color colour, int x, int y, int width, int height) {
        g.setColor(colour);
        g.fillOval(x, y, width, height);
        return this;
    }

    /** The finished image; the scene takes no more shapes after this. */
    public BufferedImage image() {
        g.dispose();
        return image;
    }
}
