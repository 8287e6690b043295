package io.editstream.renderer;

/**
 * What both Euler samplers share: the training sigmas interpolated at the chosen timesteps with a final
 * 0, the initial-noise σ (σ_max for linspace/trailing, else √(σ_max² + 1)), the model input scale
 * 1/√(σ² + 1), and the deterministic Euler move x + (x − x̂₀)/σ · (σ_target − σ), with x̂₀ from ε or v
 * as diffusers' Euler steps compute it. Subclasses choose σ_target (and whether noise follows).
 */
abstract class EulerFamilyScheduler implements Scheduler {
    private final SchedulerConfig config;
    private final double[] trainSigmas;
    float[] timesteps = new float[0];
    float[] sigmas = new float[0];

    EulerFamilyScheduler(SchedulerConfig config) {
        if (config.useKarrasSigmas()) {
            throw new IllegalArgumentException("use_karras_sigmas is not supported (set it false or choose another scheduler)");
        }
        this.config = config;
        this.trainSigmas = config.trainSigmas();
    }

    @Override
    public float[] setTimesteps(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
        double[] spaced = Timesteps.spaced(config, steps);
        timesteps = Timesteps.asFloats(spaced);
        sigmas = SchedulerConfig.sigmasAt(trainSigmas, spaced, 0f);
        return timesteps.clone();
    }

    /** The σ of every step and a final one, for tests and diagnostics. */
    public float[] sigmas() {
        return sigmas.clone();
    }

    @Override
    public float initNoiseSigma() {
        float max = 0f;
        for (float s : sigmas) {
            max = Math.max(max, s);
        }
        boolean sigmaSpacing = config.timestepSpacing().equals("linspace") || config.timestepSpacing().equals("trailing");
        return sigmaSpacing ? max : (float) Math.sqrt(max * max + 1);
    }

    @Override
    public float[] scaleModelInput(float[] sample, int index) {
        float scale = (float) (1.0 / Math.sqrt(sigmas[index] * sigmas[index] + 1));
        float[] out = new float[sample.length];
        for (int i = 0; i < sample.length; i++) {
            out[i] = sample[i] * scale;
        }
        return out;
    }

    /** The Euler move from σ at {@code index} to {@code sigmaTarget} along the model's derivative. */
    float[] eulerMove(float[] modelOutput, int index, float[] sample, double sigmaTarget) {
        double sigma = sigmas[index];
        double dt = sigmaTarget - sigma;
        float[] next = new float[sample.length];
        for (int i = 0; i < sample.length; i++) {
            double derivative = (sample[i] - originalSample(sigma, modelOutput[i], sample[i])) / sigma;
            next[i] = (float) (sample[i] + derivative * dt);
        }
        return next;
    }

    private double originalSample(double sigma, float modelOutput, float sample) {
        return config.vPrediction()
                ? modelOutput * (-sigma / Math.sqrt(sigma * sigma + 1)) + sample / (sigma * sigma + 1)
                : sample - sigma * modelOutput;
    }
}
