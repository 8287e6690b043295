package io.editstream.renderer;

/**
 * diffusers' {@code EulerAncestralDiscreteScheduler} (the default sampler of the InstructPix2Pix family):
 * Karras-style sigmas σ(t) = √((1 − ᾱ_t) / ᾱ_t) interpolated at the chosen timesteps with a final 0;
 * the model input is scaled by 1/√(σ² + 1); each step moves deterministically to σ_down and adds fresh
 * noise of size σ_up, where σ_up = √(σ_to² (σ_from² − σ_to²) / σ_from²) and σ_down = √(σ_to² − σ_up²).
 */
public final class EulerAncestralScheduler extends EulerFamilyScheduler {

    public EulerAncestralScheduler(SchedulerConfig config) {
        super(config);
    }

    @Override
    public float[] step(float[] modelOutput, int index, float[] sample, GaussianNoise noise) {
        double sigma = sigmas[index];
        double sigmaTo = sigmas[index + 1];
        double sigmaUp = Math.sqrt(sigmaTo * sigmaTo * (sigma * sigma - sigmaTo * sigmaTo) / (sigma * sigma));
        double sigmaDown = Math.sqrt(sigmaTo * sigmaTo - sigmaUp * sigmaUp);
        float[] next = eulerMove(modelOutput, index, sample, sigmaDown);
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
