package io.editstream.cueextractor;

import java.util.Arrays;

/** A binary object mask over the source image, row-major, {@code width × height} pixels. */
public record RegionMask(int width, int height, boolean[] pixels) {

    public RegionMask {
        if (width < 1 || height < 1 || pixels == null || pixels.length != width * height) {
            throw new IllegalArgumentException("mask of " + width + "x" + height + " needs " + width * height + " pixels");
        }
    }

    public boolean get(int x, int y) {
        return pixels[y * width + x];
    }

    public int area() {
        int n = 0;
        for (boolean p : pixels) {
            n += p ? 1 : 0;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RegionMask m && width == m.width && height == m.height && Arrays.equals(pixels, m.pixels);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(pixels);
    }

    @Override
    public String toString() {
        return "RegionMask[" + width + "x" + height + ", area " + area() + "]";
    }
}
