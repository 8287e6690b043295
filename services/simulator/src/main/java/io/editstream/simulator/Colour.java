package io.editstream.simulator;

import java.awt.Color;
import java.util.Locale;

/**
 * The object colours, chosen to stay apart from each other and from the wall, floor and wooden
 * table at 64×64 pixels, each named by one common word that instructions and the cue extractor's
 * lexicon both use. A colour edit always moves an object to a different one of these.
 */
public enum Colour {
    RED(0xD2, 0x37, 0x37),
    GREEN(0x37, 0xA5, 0x46),
    BLUE(0x37, 0x5F, 0xD7),
    YELLOW(0xEB, 0xCD, 0x2D),
    PURPLE(0x8C, 0x41, 0xB9),
    ORANGE(0xF0, 0x8C, 0x23),
    CYAN(0x2D, 0xC3, 0xCD);

    private final Color base;

    Colour(int red, int green, int blue) {
        this.base = new Color(red, green, blue);
    }

    /** The word used in instructions ("red"). */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The base colour, lit from the front. */
    public Color color() {
        return base;
    }

    /** The same colour scaled towards black (factor &lt; 1) or white (factor &gt; 1), for shading. */
    public Color shade(double factor) {
        return new Color(scale(base.getRed(), factor), scale(base.getGreen(), factor), scale(base.getBlue(), factor));
    }

    private static int scale(int channel, double factor) {
        double v = factor <= 1 ? channel * factor : channel + (255 - channel) * (factor - 1);
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    @Override
    public String toString() {
        return word();
    }
}
