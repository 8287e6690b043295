package io.editstream.renderer;

/**
 * A diffusion sampler: which timesteps to visit, how to scale the model's input at each, and how to take
 * one step from the model's noise prediction. Implementations follow diffusers' semantics exactly, so a
 * checkpoint behaves as it did with its reference sampler. A scheduler is stateful within one render.
 */
public interface Scheduler {
    /** Prepares {@code steps} steps; returns the timesteps, from noisiest to cleanest. */
    float[] setTimesteps(int steps);

    /** The standard deviation of the initial noise (1 for variance-preserving samplers such as DDIM). */
    default float initNoiseSigma() {
        return 1f;
    }

    /** Scales the latents before they enter the UNet at step {@code index} (unchanged unless σ-space). */
    default float[] scaleModelInput(float[] sample, int index) {
        return sample.clone();
    }

    /** One denoising step at {@code index}: the latents for the next step. */
    float[] step(float[] modelOutput, int index, float[] sample, GaussianNoise noise);

    String name();
}
