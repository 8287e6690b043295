package io.editstream.renderer;

import java.util.SplittableRandom;

/**
 * Reproducible standard-normal noise: {@link SplittableRandom} seeded with the request's seed, turned
 * into normals with the Box–Muller transform (two uniforms → two normals, the second kept for the next
 * call). The same seed gives the same image on any machine and JVM; it does not reproduce torch's
 * generator, so a given seed yields a different (equally valid) image than the Python reference.
 */
public final class GaussianNoise {
    private final SplittableRandom random;
    private double spare = Double.NaN;

    public GaussianNoise(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public float next() {
        if (!Double.isNaN(spare)) {
            double value = spare;
            spare = Double.NaN;
            return (float) value;
        }
        double u1 = 1.0 - random.nextDouble();   // (0, 1]: log(u1) is finite
        double u2 = random.nextDouble();
        double radius = Math.sqrt(-2.0 * Math.log(u1));
        spare = radius * Math.sin(2 * Math.PI * u2);
        return (float) (radius * Math.cos(2 * Math.PI * u2));
    }

    public float[] next(int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = next();
        }
        return values;
    }
}
