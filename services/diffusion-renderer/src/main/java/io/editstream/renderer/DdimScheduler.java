package io.editstream.renderer;

/**
 * diffusers' {@code DDIMScheduler} with η = 0 (the pipelines' default, deterministic): no input scaling,
 * unit initial noise, and x_prev = √ᾱ_prev · x̂₀ + √(1 − ᾱ_prev) · ε̂ where the previous timestep is
 * t − T/steps and ᾱ_prev below 0 is 1 (set_alpha_to_one) or ᾱ_0. x̂₀ is clamped to ±clip_sample_range
 * only when clip_sample is true (Stable Diffusion's configs say false).
 */
public final class DdimScheduler implements Scheduler {
    private final SchedulerConfig config;
    private final double[] alphasCumprod;
    private final double finalAlphaCumprod;
    private float[] timesteps = new float[0];
    private int stride;

    public DdimScheduler(SchedulerConfig config) {
        this.config = config;
        this.alphasCumprod = config.alphasCumprod();
        this.finalAlphaCumprod = config.setAlphaToOne() ? 1.0 : alphasCumprod[0];
    }

    @Override
    public float[] setTimesteps(int steps) {
        if (steps < 1 || steps > config.numTrainTimesteps()) {
            throw new IllegalArgumentException("steps must be within 1.." + config.numTrainTimesteps() + ", got " + steps);
        }
        timesteps = Timesteps.asFloats(Timesteps.ddim(config, steps));
        stride = config.numTrainTimesteps() / steps;
        return timesteps.clone();
    }

    @Override
    public float[] step(float[] modelOutput, int index, float[] sample, GaussianNoise noise) {
        int t = (int) timesteps[index];
        int previous = t - stride;
        double alpha = alphasCumprod[t];
        double alphaPrev = previous >= 0 ? alphasCumprod[previous] : finalAlphaCumprod;
        double beta = 1 - alpha;
        boolean v = config.vPrediction();
        float[] next = new float[sample.length];
        for (int i = 0; i < sample.length; i++) {
            double original = v ? Math.sqrt(alpha) * sample[i] - Math.sqrt(beta) * modelOutput[i]
                    : (sample[i] - Math.sqrt(beta) * modelOutput[i]) / Math.sqrt(alpha);
            double epsilon = v ? Math.sqrt(alpha) * modelOutput[i] + Math.sqrt(beta) * sample[i] : modelOutput[i];
            if (config.clipSample()) {
                original = Math.max(-config.clipSampleRange(), Math.min(config.clipSampleRange(), original));
            }
            next[i] = (float) (Math.sqrt(alphaPrev) * original + Math.sqrt(1 - alphaPrev) * epsilon);
        }
        return next;
    }

    @Override
    public String name() {
        return "ddim";
    }
}
