package io.editstream.renderer;

/**
 * diffusers' {@code EulerDiscreteScheduler} with its defaults (s_churn 0, so no noise is added): the
 * sigmas and input scaling of {@link EulerFamilyScheduler}, and x_{i+1} = x_i + (x_i − x̂₀)/σ_i · (σ_{i+1} − σ_i).
 */
public final class EulerScheduler extends EulerFamilyScheduler {

    public EulerScheduler(SchedulerConfig config) {
        super(config);
    }

    @Override
    public float[] step(float[] modelOutput, int index, float[] sample, GaussianNoise noise) {
        return eulerMove(modelOutput, index, sample, sigmas[index + 1]);
    }

    @Override
    public String name() {
        return "euler";
    }
}
