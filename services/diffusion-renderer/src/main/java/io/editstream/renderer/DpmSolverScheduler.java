package io.editstream.renderer;

import java.util.Arrays;

/**
 * diffusers' {@code DPMSolverMultistepScheduler} as DPM-Solver++(2M): algorithm dpmsolver++, order 2,
 * midpoint solver. The model output becomes a data prediction x̂₀ = (x − σ_t ε)/α_t (or α_t x − σ_t v),
 * with α_t = 1/√(σ² + 1), σ_t = σ α_t and λ = log α_t − log σ_t; the first step (and, with
 * lower_order_final or a zero final sigma, the last) is first order:
 * x' = (σ_t'/σ_s) x − α_t' (e^{−h} − 1) x̂₀, h = λ_t' − λ_s; the others add the midpoint correction
 * −½ α_t' (e^{−h} − 1) (x̂₀ − x̂₀_prev)·h/h_prev. No noise is added and the input is not scaled.
 */
public final class DpmSolverScheduler implements Scheduler {
    private final SchedulerConfig config;
    private final double[] trainSigmas;
    private float[] timesteps = new float[0];
    private float[] sigmas = new float[0];
    private float[] previousOriginal;

    public DpmSolverScheduler(SchedulerConfig config) {
        if (!config.algorithmType().equals("dpmsolver++") || config.solverOrder() > 2 || config.useKarrasSigmas()) {
            throw new IllegalArgumentException("DPMSolverMultistepScheduler is supported as dpmsolver++ of order 1 or 2 "
                    + "without Karras sigmas; the config says " + config.algorithmType() + " order " + config.solverOrder()
                    + (config.useKarrasSigmas() ? " with use_karras_sigmas" : ""));
        }
        this.config = config;
        this.trainSigmas = config.trainSigmas();
    }

    @Override
    public float[] setTimesteps(int steps) {
        if (steps < 1 || steps >= config.numTrainTimesteps()) {
            throw new IllegalArgumentException("steps must be within 1.." + (config.numTrainTimesteps() - 1) + ", got " + steps);
        }
        double[] spaced = Timesteps.dpm(config, steps);
        timesteps = Timesteps.asFloats(spaced);
        // final_sigmas_type: "zero" (diffusers' default) ends on the clean sample, "sigma_min" on σ(t=0)
        float last = config.finalSigmasType().equals("sigma_min") ? (float) trainSigmas[0] : 0f;
        sigmas = SchedulerConfig.sigmasAt(trainSigmas, spaced, last);
        previousOriginal = null;
        return timesteps.clone();
    }

    public float[] sigmas() {
        return sigmas.clone();
    }

    @Override
    public float[] step(float[] modelOutput, int index, float[] sample, GaussianNoise noise) {
        double sigmaS = sigmas[index];
        double alphaS = 1 / Math.sqrt(sigmaS * sigmaS + 1);
        float[] original = new float[sample.length];
        for (int i = 0; i < sample.length; i++) {
            original[i] = (float) (config.vPrediction() ? alphaS * sample[i] - sigmaS * alphaS * modelOutput[i]
                    : (sample[i] - sigmaS * alphaS * modelOutput[i]) / alphaS);
        }
        boolean last = index == timesteps.length - 1;
        boolean lowerOrderFinal = last && ((config.lowerOrderFinal() && timesteps.length < 15)
                || config.finalSigmasType().equals("zero"));
        boolean firstOrder = config.solverOrder() == 1 || previousOriginal == null || lowerOrderFinal;
        double sigmaT = sigmas[index + 1];
        double alphaT = 1 / Math.sqrt(sigmaT * sigmaT + 1);
        double h = lambda(sigmas[index + 1]) - lambda(sigmaS);
        double ratio = (sigmaT * alphaT) / (sigmaS * alphaS);
        double expm = Math.exp(-h) - 1;
        double correction = 0;
        if (!firstOrder) {
            double r0 = (lambda(sigmaS) - lambda(sigmas[index - 1])) / h;
            correction = 0.5 * alphaT * expm / r0;
        }
        float[] next = new float[sample.length];
        for (int i = 0; i < sample.length; i++) {
            double x = ratio * sample[i] - alphaT * expm * original[i];
            if (!firstOrder) {
                x -= correction * (original[i] - previousOriginal[i]);
            }
            next[i] = (float) x;
        }
        previousOriginal = Arrays.copyOf(original, original.length);
        return next;
    }

    /** λ = log α_t − log σ_t; +∞ at σ = 0, where e^{−h} = 0 and the step lands on x̂₀. */
    private static double lambda(double sigma) {
        double alpha = 1 / Math.sqrt(sigma * sigma + 1);
        return Math.log(alpha) - Math.log(sigma * alpha);
    }

    @Override
    public String name() {
        return "dpm++2m";
    }
}
