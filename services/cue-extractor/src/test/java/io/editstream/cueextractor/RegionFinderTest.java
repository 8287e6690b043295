package io.editstream.cueextractor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.editstream.events.Region;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegionFinderTest {
    private static final Color WALL = new Color(210, 205, 190);
    private static final Color FLOOR = new Color(150, 150, 160);

    /** A wall over a floor, like the simulated scenes: two colours on the border, objects inside. */
    private static BufferedImage scene(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(WALL);
        g.fillRect(0, 0, width, height / 2);
        g.setColor(FLOOR);
        g.fillRect(0, height / 2, width, height - height / 2);
        g.dispose();
        return image;
    }

    private static void box(BufferedImage image, int x, int y, int w, int h, Color colour) {
        for (int yy = y; yy < y + h; yy++) {
            for (int xx = x; xx < x + w; xx++) {
                image.setRGB(xx, yy, colour.getRGB());
            }
        }
    }

    @Test
    void findsEachObjectBoxLargestFirstAndIgnoresBackgroundAndSpecks() {
        BufferedImage image = scene(64, 64);
        box(image, 8, 20, 10, 6, Color.RED);        // 60 px, on wall
        box(image, 30, 36, 16, 12, Color.BLUE);     // 192 px, on the floor
        box(image, 50, 10, 5, 5, Color.GREEN);      // 25 px
        image.setRGB(3, 3, Color.BLACK.getRGB());  // a speck: below 2 px and 0.2% of 4096

        List<Region> regions = new RegionFinder(RegionFinder.Settings.defaults()).find(image);

        assertThat(regions).hasSize(3);
        assertBox(regions.get(0), 30, 36, 16, 12);
        assertBox(regions.get(1), 8, 20, 10, 6);
        assertBox(regions.get(2), 50, 10, 5, 5);
        assertThat(regions.get(0).getAreaFraction()).isCloseTo(192f / 4096, within(1e-6f));
        assertThat(regions.get(0).getMeanRgb()).containsExactly(0f, 0f, 1f);
        assertThat(regions.get(1).getMeanRgb()).containsExactly(1f, 0f, 0f);
    }

    @Test
    void objectStraddlingWallAndFloorIsOneRegion() {
        BufferedImage image = scene(40, 40);
        box(image, 10, 15, 10, 10, Color.RED);

        List<Region> regions = new RegionFinder(RegionFinder.Settings.defaults()).find(image);

        assertThat(regions).hasSize(1);
        assertBox(regions.get(0), 10, 15, 10, 10);
        assertThat(regions.get(0).getMeanRgb()).containsExactly(1f, 0f, 0f);
    }

    @Test
    void anAntiAliasedBallRestingOnATableIsApartFromTheTable() {
        BufferedImage image = scene(64, 64);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(140, 95, 60));
        g.fillRect(6, 34, 52, 3);                  // table top
        g.fillRect(10, 37, 4, 12);                 // legs
        g.fillRect(50, 37, 4, 12);
        g.setColor(new Color(210, 40, 40));
        g.fillOval(16, 22, 12, 12);                // ball touching the table top
        g.dispose();

        List<Region> regions = new RegionFinder(RegionFinder.Settings.defaults()).find(image);

        assertThat(regions).hasSize(2);
        assertBox(regions.get(0), 6, 34, 52, 15);
        Region ball = regions.get(1);
        assertThat(ball.getX()).isBetween(15, 17);
        assertThat(ball.getY()).isBetween(21, 23);
        assertThat(ball.getWidth()).isBetween(11, 13);
        assertThat(ball.getHeight()).isBetween(11, 13);
        assertThat(ball.getMeanRgb().get(0)).isGreaterThan(0.75f);
        assertThat(ball.getMeanRgb().get(1)).isLessThan(0.25f);
    }

    @Test
    void keepsOnlyTheLargestRegionsUpToTheLimit() {
        BufferedImage image = scene(100, 100);
        for (int i = 0; i < 5; i++) {
            box(image, 5 + i * 18, 40, 4 + i * 2, 4 + i * 2, Color.MAGENTA);
        }

        List<Region> regions = new RegionFinder(new RegionFinder.Settings(2, 60, 56, 0.0)).find(image);

        assertThat(regions).hasSize(2);
        assertBox(regions.get(0), 5 + 4 * 18, 40, 12, 12);
        assertBox(regions.get(1), 5 + 3 * 18, 40, 10, 10);
    }

    @Test
    void blankImageHasNoRegions() {
        assertThat(new RegionFinder(RegionFinder.Settings.defaults()).find(scene(32, 32))).isEmpty();
    }

    @Test
    void mildNoiseOnTheBackgroundIsNotAnObject() {
        BufferedImage image = scene(64, 64);
        java.util.Random random = new java.util.Random(1);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                Color c = new Color(image.getRGB(x, y));
                int n = random.nextInt(21) - 10;
                image.setRGB(x, y, new Color(clamp(c.getRed() + n), clamp(c.getGreen() + n), clamp(c.getBlue() + n)).getRGB());
            }
        }
        box(image, 20, 20, 8, 8, Color.CYAN);

        List<Region> regions = new RegionFinder(RegionFinder.Settings.defaults()).find(image);

        assertThat(regions).hasSize(1);
        assertBox(regions.get(0), 20, 20, 8, 8);
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static void assertBox(Region region, int x, int y, int w, int h) {
        assertThat(new int[] {region.getX(), region.getY(), region.getWidth(), region.getHeight()})
                .as("box of %s", region).containsExactly(x, y, w, h);
    }
}
