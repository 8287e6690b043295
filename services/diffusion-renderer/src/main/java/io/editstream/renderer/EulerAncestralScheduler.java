package io.editstream.renderer;

/**
 * diffusers' {@code EulerAncestralDiscreteScheduler} (the default sampler of the InstructPix2Pix family):
 * Karras-style sigmas σ(t) = √((1 − ᾱ_t) / ᾱ_t) interpolated at the chosen timesteps with a final 0;
 * the model input is scaled by 1/√(σ² + 1); each step moves deterministically to σ_down and adds fresh
 * noise of size σ_up, where σ_up = √(σ_to² (σ_from² − σ_to²) / σ_from²) and σ_down = √(σ_to² − σ_up²).
 */
public final class EulerAncestralScheduler implements Scheduler {
    private final SchedulerConfig config;
    private final double[] trainSigmas;
    private float[] timesteps = new float[0];
    private float[] sigmas = new float[0];

    public EulerAncestralScheduler(SchedulerConfig config) {
        this.config = config;
        double[] cumprod = config.alphasCumprod();
        this.trainSigmas = new double[cumprod.length];
        for (int t = 0; t < cumprod.length; t++) {
            trainSigmas[t] = (float) Math.sqrt((1 - cumprod[t]) / cumprod[t]);
        }
    }

    @Override
    public float[] setTimesteps(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
        double[] spaced = Timesteps.spaced(config, steps);
        timesteps = new float[steps];
        sigmas = new float[steps + 1];
        for (int i = 0; i < steps; i++) {
            timesteps[i] = (float) spaced[i];
            sigmas[i] = (float) interpolate(spaced[i]);
        }
        sigmas[steps] = 0f;
        return timesteps.clone();
    }

    /** Linear interpolation of the training sigmas at a fractional timestep (numpy.interp). */
    private double interpolate(double t) {
        int lo = (int) Math.floor(t);
        int hi = Math.min(lo + 1, trainSigmas.length - 1);
        double frac = t - lo;
        return trainSigmas[lo] + (trainSigmas[hi] - trainSigmas[lo]) * frac;
    }

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

    @Override
    public float[] step(float[] modelOutput, int index, float[] sample, GaussianNoise noise) {
        double sigma = sigmas[index];
        double sigmaTo = sigmas[index + 1];
        double sigmaUp = Math.sqrt(sigmaTo * sigmaTo * (sigma * sigma - sigmaTo * sigmaTo) / (sigma * sigma));
        double sigmaDown = Math.sqrt(sigmaTo * sigmaTo - sigmaUp * sigmaUp);
        double dt = sigmaDown - sigma;
        boolean vPrediction = config.predictionType().equals("v_prediction");
        float[] next = new float[sample.length];
        for (int i = 0; i < sample.length; i++) {
            double original = vPrediction
                    ? modelOutput[i] * (-sigma / Math.sqrt(sigma * sigma + 1)) + sample[i] / (sigma * sigma + 1)
                    : sample[i] - sigma * modelOutput[i];
            double derivative = (sample[i] - original) / sigma;
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
