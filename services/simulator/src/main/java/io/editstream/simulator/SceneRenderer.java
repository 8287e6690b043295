package io.editstream.simulator;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import javax.imageio.ImageIO;

/**
 * Renders a scene to an anti-aliased RGB image of a configurable square size: a wall, a floor, a
 * wooden table with legs, then the objects on the table and those on the floor in front of it. The
 * picture depends on nothing but the scene and the size — no fonts, no clock, no system state — and
 * PNGs are written by ImageIO without any metadata chunk, so the same scene always gives the same
 * bytes. {@link #bounds} is the pixel box an object can touch, shadow and anti-aliasing included:
 * the only area that can change when that object alone changes.
 */
public final class SceneRenderer {
    public static final int MIN_SIZE = 32;
    public static final int MAX_SIZE = 1024;
    private static final Color WALL_TOP = new Color(0xEE, 0xE8, 0xDD);
    private static final Color WALL_BOTTOM = new Color(0xDA, 0xD2, 0xC4);
    private static final Color FLOOR_BACK = new Color(0x9C, 0x95, 0x8B);
    private static final Color FLOOR_FRONT = new Color(0x80, 0x79, 0x6F);
    private static final Color SKIRTING = new Color(0x6E, 0x66, 0x5C);
    private static final Color WOOD_TOP = new Color(0xB5, 0x80, 0x4A);
    private static final Color WOOD_EDGE = new Color(0x8A, 0x5A, 0x2E);
    private static final Color WOOD_LEG = new Color(0x73, 0x4A, 0x25);
    private static final Color WOOD_BACK_LEG = new Color(0x5C, 0x3B, 0x1E);

    private final int size;

    public SceneRenderer(int size) {
        if (size < MIN_SIZE || size > MAX_SIZE) {
            throw new IllegalArgumentException("image size must be " + MIN_SIZE + ".." + MAX_SIZE + " pixels, was " + size);
        }
        this.size = size;
    }

    public int size() {
        return size;
    }

    /** The scene as a size × size RGB image. */
    public BufferedImage render(Scene scene) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_COLOR_RENDERING, RenderingHints.VALUE_COLOR_RENDER_QUALITY);
            g.scale(size, size);
            paintRoom(g);
            // table objects first: floor objects stand in front of the table and may hide its legs
            scene.objects().stream()
                    .sorted(Comparator.comparing(SceneObject::support).thenComparingDouble(SceneObject::x))
                    .forEach(o -> ShapePainter.paint(g, o, Layout.baseY(o.support())));
        } finally {
            g.dispose();
        }
        return image;
    }

    /** The scene as PNG bytes. */
    public byte[] png(Scene scene) {
        return encodePng(render(scene));
    }

    /** PNG bytes with no time, text or other metadata chunks: equal images give equal bytes. */
    public static byte[] encodePng(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.setUseCache(false);
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer available");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("encoding PNG", e);
        }
        return out.toByteArray();
    }

    /** The pixel box (clipped to the image) that drawing this object can touch. */
    public Rectangle bounds(SceneObject o) {
        double base = Layout.baseY(o.support());
        double shadow = o.width() * 0.05;
        int x0 = (int) Math.floor((o.left() - shadow) * size) - 1;
        int x1 = (int) Math.ceil((o.right() + shadow) * size) + 1;
        int y0 = (int) Math.floor((base - o.height()) * size) - 1;
        int y1 = (int) Math.ceil((base + 0.0125) * size) + 1;
        return new Rectangle(x0, y0, x1 - x0, y1 - y0).intersection(new Rectangle(0, 0, size, size));
    }

    private static void paintRoom(Graphics2D g) {
        double horizon = Layout.HORIZON;
        g.setPaint(new GradientPaint(0f, 0f, WALL_TOP, 0f, (float) horizon, WALL_BOTTOM));
        g.fill(new Rectangle2D.Double(0, 0, 1, horizon));
        g.setPaint(new GradientPaint(0f, (float) horizon, FLOOR_BACK, 0f, 1f, FLOOR_FRONT));
        g.fill(new Rectangle2D.Double(0, horizon, 1, 1 - horizon));
        g.setPaint(SKIRTING);
        g.fill(new Rectangle2D.Double(0, horizon - 0.015, 1, 0.015));

        double left = Layout.TABLE_LEFT;
        double right = Layout.TABLE_RIGHT;
        double top = Layout.TABLE_TOP;
        double front = top + 0.035;
        double edge = front + 0.04;
        g.setPaint(WOOD_BACK_LEG);
        g.fill(new Rectangle2D.Double(left + 0.06, front, 0.028, 0.2));
        g.fill(new Rectangle2D.Double(right - 0.088, front, 0.028, 0.2));
        g.setPaint(WOOD_TOP);
        Path2D.Double surface = new Path2D.Double();
        surface.moveTo(left + 0.03, top - 0.04);
        surface.lineTo(right - 0.03, top - 0.04);
        surface.lineTo(right, front);
        surface.lineTo(left, front);
        surface.closePath();
        g.fill(surface);
        g.setPaint(WOOD_EDGE);
        g.fill(new Rectangle2D.Double(left, front, right - left, edge - front));
        g.setPaint(WOOD_LEG);
        g.fill(new Rectangle2D.Double(left + 0.015, edge, 0.04, 0.84 - edge));
        g.fill(new Rectangle2D.Double(right - 0.055, edge, 0.04, 0.84 - edge));
    }
}
