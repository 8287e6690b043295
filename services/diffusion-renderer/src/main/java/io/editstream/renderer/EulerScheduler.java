package io.editstream.renderer;

/**
 * diffusers' {@code EulerDiscreteScheduler} with its defaults (s_churn 0, so no noise is added): the
 * sigmas and input scaling of {@link EulerSigmas}, and x_{i+1} = x_i + (x_i − x̂₀)/σ_i · (σ_{i+1} − σ_i).
 */
public final class EulerScheduler implements Scheduler {
    private final EulerSigmas schedule;

    public EulerScheduler(SchedulerConfig config) {
        this.schedule = new EulerSigmas(config);
    }

    @Override
    public float[] setTimesteps(int steps) {
        return schedule.setTimesteps(steps);
    }

    public float[] sigmas() {
        return schedule.sigmas.clone();
    }

    @Override
    public float initNoiseSigma() {
        return schedule.initNoiseSigma();
    }

    @Override
    public float[] scaleModelInput(float[] sample, int index) {
        return schedule.scaleModelInput(sample, index);
    }

    @Override
    public float[] step(float[] modelOutput, int index, float[] sample, GaussianNoise noise) {
        double sigma = schedule.sigmas[index];
        double dt = schedule.sigmas[index + 1] - sigma;
        float[] next = new float[sample.length];
        for (int i = 0; i < sample.length; i++) {
            double derivative = (sample[i] - schedule.originalSample(sigma, modelOutput[i], sample[i])) / sigma;
            next[i] = (float) (sample[i] + derivative * dt);
        }
        return next;
    }

    @Override
    public String name() {
        return "euler";
    }
}
