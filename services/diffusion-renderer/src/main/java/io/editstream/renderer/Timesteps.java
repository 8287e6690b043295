package io.editstream.renderer;

/**
 * Which training timesteps a sampler visits for a given number of steps, by diffusers'
 * {@code timestep_spacing}: "linspace" (evenly spaced over [0, T−1]), "leading" (multiples of T/steps
 * from 0, plus steps_offset) or "trailing" (counting down from T, minus 1). The Euler samplers keep
 * linspace's fractions; DDIM rounds them; DPM-Solver spaces steps + 1 points and drops the last.
 */
final class Timesteps {
    private Timesteps() {
    }

    /** EulerDiscreteScheduler / EulerAncestralDiscreteScheduler (float timesteps). */
    static double[] spaced(SchedulerConfig config, int steps) {
        int trainSteps = config.numTrainTimesteps();
        double[] t = new double[steps];
        switch (config.timestepSpacing()) {
            case "linspace" -> {
                for (int i = 0; i < steps; i++) {
                    // numpy.linspace(0, T-1, steps) reversed
                    t[steps - 1 - i] = steps == 1 ? 0 : (trainSteps - 1) * (double) i / (steps - 1);
                }
            }
            case "leading" -> {
                int ratio = trainSteps / steps;
                for (int i = 0; i < steps; i++) {
                    t[steps - 1 - i] = Math.rint((double) i * ratio) + config.stepsOffset();
                }
            }
            case "trailing" -> trailing(trainSteps, steps, t);
            default -> throw unsupported(config);
        }
        return t;
    }

    /** DDIMScheduler: linspace rounded to whole steps; leading and trailing as above. */
    static double[] ddim(SchedulerConfig config, int steps) {
        double[] t = spaced(config, steps);
        if (config.timestepSpacing().equals("linspace")) {
            for (int i = 0; i < steps; i++) {
                t[i] = Math.rint(t[i]);
            }
        }
        return t;
    }

    /** DPMSolverMultistepScheduler: steps + 1 points over [0, T] (linspace, leading), the last dropped. */
    static double[] dpm(SchedulerConfig config, int steps) {
        int trainSteps = config.numTrainTimesteps();
        double[] t = new double[steps];
        switch (config.timestepSpacing()) {
            case "linspace" -> {
                // numpy.linspace(0, T-1, steps+1).round()[::-1][:-1]
                for (int i = 1; i <= steps; i++) {
                    t[steps - i] = Math.rint((trainSteps - 1) * (double) i / steps);
                }
            }
            case "leading" -> {
                int ratio = trainSteps / (steps + 1);
                for (int i = 1; i <= steps; i++) {
                    t[steps - i] = (double) i * ratio + config.stepsOffset();
                }
            }
            case "trailing" -> trailing(trainSteps, steps, t);
            default -> throw unsupported(config);
        }
        return t;
    }

    /** The timesteps as the float32 values the UNet is given. */
    static float[] asFloats(double[] timesteps) {
        float[] t = new float[timesteps.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = (float) timesteps[i];
        }
        return t;
    }

    private static void trailing(int trainSteps, int steps, double[] t) {
        double ratio = (double) trainSteps / steps;
        for (int i = 0; i < steps; i++) {
            t[i] = Math.rint(trainSteps - i * ratio) - 1;
        }
    }

    private static IllegalArgumentException unsupported(SchedulerConfig config) {
        return new IllegalArgumentException("timestep_spacing '" + config.timestepSpacing()
                + "' is not supported (linspace, leading, trailing)");
    }
}
