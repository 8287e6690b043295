package io.editstream.renderer;

/**
 * Which training timesteps a sampler visits for a given number of steps, by diffusers'
 * {@code timestep_spacing}: "linspace" (evenly spaced over [0, T−1], fractional), "leading"
 * (multiples of T/steps from 0, plus steps_offset) or "trailing" (counting down from T, minus 1).
 */
final class Timesteps {
    private Timesteps() {
    }

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
            case "trailing" -> {
                double ratio = (double) trainSteps / steps;
                for (int i = 0; i < steps; i++) {
                    t[i] = Math.rint(trainSteps - i * ratio) - 1;
                }
            }
            default -> throw new IllegalArgumentException("timestep_spacing '" + config.timestepSpacing()
                    + "' is not supported (linspace, leading, trailing)");
        }
        return t;
    }
}
