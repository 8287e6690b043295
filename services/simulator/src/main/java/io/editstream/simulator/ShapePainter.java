package io.editstream.simulator;

import io.editstream.simulator.SceneObject.Facing;
import io.editstream.simulator.SceneObject.Pose;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.LinearGradientPaint;
import java.awt.RadialGradientPaint;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;

/**
 * Paints one object in canvas units. Each shape is drawn once in a canonical frame — upright, its
 * front (mug handle) to the right, base centre at the origin — and an affine transform puts it in
 * its pose: upside down mirrors it vertically, fallen lays it along the support with its top (cone
 * tip, bottle neck, mug opening) pointing the way it faces, and an upright mug facing left is
 * mirrored. The end seen from above is drawn lit, so an upside-down cone shows its base disc and an
 * upright mug its dark opening. Nothing is drawn outside the object's width × height box except its
 * shadow, which stays within the gap {@link Layout} keeps between neighbours.
 */
final class ShapePainter {
    private static final Color SHADOW = new Color(0, 0, 0, 70);

    private ShapePainter() {
    }

    static void paint(Graphics2D g, SceneObject o, double baseY) {
        double w = o.width();
        double unit = o.size().unit();
        double cw = o.shape().width(Pose.UPRIGHT) * unit;
        double ch = o.shape().height(Pose.UPRIGHT) * unit;
        g.setPaint(SHADOW);
        g.fill(new Ellipse2D.Double(o.x() - w * 0.55, baseY - 0.0125, w * 1.1, 0.025));
        AffineTransform saved = g.getTransform();
        g.translate(o.x(), baseY);
        if (o.shape().showsFacing(o.pose()) && o.facing() == Facing.LEFT) {
            g.scale(-1, 1);
        }
        switch (o.pose()) {
            case UPSIDE_DOWN -> {
                g.translate(0, -ch);
                g.scale(1, -1);
            }
            // (x, y) -> (-y - ch/2, -x - cw/2): the top points right, the canonical right side (handle) up
            case FALLEN -> g.transform(new AffineTransform(0, -1, -1, 0, -ch / 2, -cw / 2));
            default -> { }
        }
        boolean topVisible = o.pose() != Pose.UPSIDE_DOWN;
        switch (o.shape()) {
            case BALL -> ball(g, o.colour(), cw);
            case CUBE -> cube(g, o.colour(), cw, ch);
            case CYLINDER -> cylinder(g, o.colour(), cw, ch, topVisible);
            case CONE -> cone(g, o.colour(), cw, ch, topVisible);
            case MUG -> mug(g, o.colour(), cw, ch, topVisible);
            case BOTTLE -> bottle(g, o.colour(), cw, ch);
        }
        g.setTransform(saved);
    }

    private static void ball(Graphics2D g, Colour c, double d) {
        double r = d / 2;
        g.setPaint(new RadialGradientPaint(new Point2D.Double(-0.3 * r, -r - 0.35 * r), (float) (1.45 * r),
                new float[] {0f, 0.55f, 1f}, new Color[] {c.shade(1.45), c.color(), c.shade(0.55)}));
        g.fill(new Ellipse2D.Double(-r, -d, d, d));
    }

    private static void cube(Graphics2D g, Colour c, double w, double h) {
        double d = 0.24 * w;
        g.setPaint(c.color());
        g.fill(new Rectangle2D.Double(-w / 2, -h + d, w - d, h - d));
        g.setPaint(c.shade(1.35));
        g.fill(poly(-w / 2, -h + d, -w / 2 + d, -h, w / 2, -h, w / 2 - d, -h + d));
        g.setPaint(c.shade(0.65));
        g.fill(poly(w / 2 - d, -h + d, w / 2, -h, w / 2, -d, w / 2 - d, 0));
    }

    private static void cylinder(Graphics2D g, Colour c, double w, double h, boolean topVisible) {
        double e = 0.3 * w;
        g.setPaint(body(c, -w / 2, w / 2));
        g.fill(new Rectangle2D.Double(-w / 2, -h + e / 2, w, h - e));
        g.fill(new Ellipse2D.Double(-w / 2, -e, w, e));
        g.fill(new Ellipse2D.Double(-w / 2, -h, w, e));
        g.setPaint(c.shade(1.3));
        g.fill(new Ellipse2D.Double(-w / 2, topVisible ? -h : -e, w, e));
    }

    private static void cone(Graphics2D g, Colour c, double w, double h, boolean topVisible) {
        double e = 0.3 * w;
        g.setPaint(body(c, -w / 2, w / 2));
        Path2D.Double body = new Path2D.Double();
        body.moveTo(0, -h);
        body.lineTo(-w / 2, -e / 2);
        body.curveTo(-w / 2, 0.05 * e, w / 2, 0.05 * e, w / 2, -e / 2);
        body.closePath();
        g.fill(body);
        g.fill(new Ellipse2D.Double(-w / 2, -e, w, e));
        if (!topVisible) {
            // standing on its tip, the base disc faces up and catches the light
            g.setPaint(c.shade(1.3));
            g.fill(new Ellipse2D.Double(-w / 2, -e, w, e));
        }
    }

    private static void mug(Graphics2D g, Colour c, double w, double h, boolean topVisible) {
        double bw = 0.74 * w;
        double left = -w / 2;
        double e = 0.3 * bw;
        double stroke = 0.09 * w;
        g.setPaint(c.shade(0.8));
        g.setStroke(new BasicStroke((float) stroke, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Path2D.Double handle = new Path2D.Double();
        handle.moveTo(left + bw - stroke, -0.78 * h);
        handle.curveTo(0.55 * w, -0.78 * h, 0.55 * w, -0.3 * h,
                left + bw - stroke, -0.3 * h);
        g.draw(handle);
        g.setPaint(body(c, left, left + bw));
        g.fill(new Rectangle2D.Double(left, -h + e / 2, bw, h - e));
        g.fill(new Ellipse2D.Double(left, -e, bw, e));
        g.fill(new Ellipse2D.Double(left, -h, bw, e));
        if (topVisible) {
            g.setPaint(c.shade(1.3));
            g.fill(new Ellipse2D.Double(left, -h, bw, e));
            g.setPaint(c.shade(0.35));
            g.fill(new Ellipse2D.Double(left + 0.1 * bw, -h + 0.15 * e, 0.8 * bw, 0.7 * e));
        } else {
            g.setPaint(c.shade(1.3));
            g.fill(new Ellipse2D.Double(left, -e, bw, e));
        }
    }

    private static void bottle(Graphics2D g, Colour c, double w, double h) {
        double neck = 0.36 * w;
        g.setPaint(body(c, -w / 2, w / 2));
        Path2D.Double body = new Path2D.Double();
        body.moveTo(-w / 2, -0.08 * h);
        body.lineTo(-w / 2, -0.58 * h);
        body.curveTo(-w / 2, -0.7 * h, -neck / 2, -0.7 * h, -neck / 2, -0.78 * h);
        body.lineTo(-neck / 2, -0.93 * h);
        body.lineTo(neck / 2, -0.93 * h);
        body.lineTo(neck / 2, -0.78 * h);
        body.curveTo(neck / 2, -0.7 * h, w / 2, -0.7 * h, w / 2, -0.58 * h);
        body.lineTo(w / 2, -0.08 * h);
        body.curveTo(w / 2, 0.02 * h, -w / 2, 0.02 * h, -w / 2, -0.08 * h);
        body.closePath();
        g.fill(body);
        g.setPaint(c.shade(0.45));
        g.fill(new Rectangle2D.Double(-neck / 2 - 0.04 * w, -h, neck + 0.08 * w, 0.08 * h));
    }

    /** Horizontal shading of a round body lit from the front left. */
    private static LinearGradientPaint body(Colour c, double x0, double x1) {
        return new LinearGradientPaint(new Point2D.Double(x0, 0), new Point2D.Double(x1, 0),
                new float[] {0f, 0.3f, 1f}, new Color[] {c.shade(0.8), c.shade(1.25), c.shade(0.6)});
    }

    private static Path2D.Double poly(double... xy) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(xy[0], xy[1]);
        for (int i = 2; i < xy.length; i += 2) {
            p.lineTo(xy[i], xy[i + 1]);
        }
        p.closePath();
        return p;
    }
}
