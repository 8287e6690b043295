package io.editstream.renderer;

/**
 * diffusers' {@code EulerAncestralDiscreteScheduler} (the default sampler of the InstructPix2Pix family):
 * Karras-style sigmas σ(t) = √((1 − ᾱ_t) / ᾱ_t) interpolated at the chosen timesteps with a final 0;
 * the model input is scaled by 1/√(σ² + 1); each step moves deterministically to σ_down and adds fresh
 * noise of size σ_up, where σ_up = √(σ_to² (σ_from² − σ_to²) / σ_from²) and σ_down = √(σ_to² − σ_up²).
 */
public final class EulerAncestralScheduler implements Scheduler {
    private final EulerSigmas schedule;

    public EulerAncestralScheduler(SchedulerConfig config) {
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
        double sigmaTo = schedule.sigmas[index + 1];
        double sigmaUp = Math.sqrt(sigmaTo * sigmaTo * (sigma * sigma - sigmaTo * sigmaTo) / (sigma * sigma));
        double sigmaDown = Math.sqrt(sigmaTo * sigmaTo - sigmaUp * sigmaUp);
        double dt = sigmaDown - sigma;
        float[] next = new float[sample.length];
        for (int i = 0; i < sample.length; i++) {
            double derivative = (sample[i] - schedule.originalSample(sigma, modelOutput[i], sample[i])) / sigma;
            next[i] = (float) (sample[i] + derivative * dt);
        }
        if (sigmaUp > 0) {
            for (int i = 0; i < next.length; i++) {
                next[i] += (float) (noise.next() * sigmaUp);
            }
        }
        return next;
    }

    @Override
    public String name() {
        return "euler-ancestral";
    }
}
