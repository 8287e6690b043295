package io.editstream.renderer;

/**
 * diffusers' {@code FlowMatchEulerDiscreteScheduler} as {@code FluxKontextPipeline} drives it: σ runs
 * from 1 (pure noise) towards 0 (the image), the transformer predicts the velocity v = noise − image,
 * and each step is the Euler move x + (σ_next − σ)·v. Deterministic (stochastic_sampling off), no input
 * scaling, initial noise σ 1.
 *
 * <p>It does not implement {@link Scheduler}: the schedule depends on the image's sequence length (mu),
 * not on the step count alone, and there is no ε/v prediction type or GaussianNoise to thread through.
 * Arithmetic is float32 wherever diffusers' numpy arrays and torch tensors are float32; the σs equal, bit
 * for bit, those {@code models/scripts/flow_match_reference.py} prints (its numpy 1.24 restatement).
 * Stateful within one render.
 */
public final class FlowMatchEulerScheduler {
    private final FlowMatchConfig config;
    private float[] sigmas = new float[0];
    private float[] timesteps = new float[0];

    public FlowMatchEulerScheduler(FlowMatchConfig config) {
        this.config = config;
    }

    /**
     * FluxKontextPipeline's default schedule: {@code sigmas = np.linspace(1.0, 1 / steps, steps)} (float64)
     * and {@code mu = calculate_shift(image_seq_len, ...)} from the scheduler config, then
     * {@link #setTimesteps(double[], Double)}. Returns the timesteps (σ·1000), noisiest first.
     */
    public float[] setKontextTimesteps(int steps, int imageSeqLen) {
        return setTimesteps(kontextSigmas(steps), config.mu(imageSeqLen));
    }

    /** numpy.linspace(1.0, 1 / steps, steps): i·step + 1 with step = (1/steps − 1)/(steps − 1), the last exactly 1/steps. */
    public static double[] kontextSigmas(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
        double[] sigmas = new double[steps];
        double stop = 1.0 / steps;
        double step = steps == 1 ? 0 : (stop - 1.0) / (steps - 1);
        for (int i = 0; i < steps; i++) {
            sigmas[i] = i * step + 1.0;
        }
        sigmas[steps - 1] = stop;
        return sigmas;
    }

    /**
     * {@code set_timesteps(sigmas=..., mu=...)}: the σs rounded to float32; the resolution-dependent
     * {@code time_shift(mu, 1.0, σ)} when use_dynamic_shifting (mu then required, as diffusers insists), else
     * the static shift·σ / (1 + (shift − 1)·σ); the optional {@code stretch_shift_to_terminal};
     * timesteps = σ·num_train_timesteps; and a final σ of 0 appended.
     */
    public float[] setTimesteps(double[] requestedSigmas, Double mu) {
        if (requestedSigmas.length < 1) {
            throw new IllegalArgumentException("at least one sigma is needed");
        }
        if (config.useDynamicShifting() && mu == null) {
            throw new IllegalArgumentException("mu must be given when use_dynamic_shifting is true");
        }
        int n = requestedSigmas.length;
        float[] shifted = new float[n];
        for (int i = 0; i < n; i++) {
            float sigma = (float) requestedSigmas[i];
            shifted[i] = config.useDynamicShifting() ? timeShift(mu, sigma) : staticShift(sigma);
        }
        if (config.shiftTerminal() != null) {
            stretchToTerminal(shifted, config.shiftTerminal());
        }
        sigmas = new float[n + 1];
        timesteps = new float[n];
        for (int i = 0; i < n; i++) {
            sigmas[i] = shifted[i];
            timesteps[i] = shifted[i] * (float) config.numTrainTimesteps();
        }
        sigmas[n] = 0f;
        return timesteps.clone();
    }

    /**
     * {@code time_shift(mu, 1.0, t)}: exponential e^mu / (e^mu + (1/t − 1)) or linear mu / (mu + (1/t − 1)),
     * the Python float (e^mu or mu) joining numpy's float32 array as float32 (the power 1.0 is exact).
     */
    private float timeShift(double mu, float t) {
        float odds = 1f / t - 1f;
        float scale = (float) (config.timeShiftType().equals("exponential") ? Math.exp(mu) : mu);
        return scale / (scale + odds);
    }

    /** The __init__-time shift, shift·σ / (1 + (shift − 1)·σ), in float32 as numpy evaluates it. */
    private float staticShift(float sigma) {
        float shift = (float) config.shift();
        float shiftLessOne = (float) (config.shift() - 1);
        return shift * sigma / (1f + shiftLessOne * sigma);
    }

    /**
     * {@code stretch_shift_to_terminal}: 1 − (1 − σ)/k with k = (1 − σ_last)/(1 − shift_terminal), so the
     * last σ lands on shift_terminal. k is a numpy float32 scalar over a Python float, hence float64 in
     * numpy 1.x, then cast back to float32 when it divides the float32 array.
     */
    private static void stretchToTerminal(float[] shifted, double shiftTerminal) {
        float lastOneMinus = 1f - shifted[shifted.length - 1];
        float scale = (float) (lastOneMinus / (1 - shiftTerminal));
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] = 1f - (1f - shifted[i]) / scale;
        }
    }

    /**
     * {@code step} without stochastic sampling: sample + (σ_{index+1} − σ_index)·model_output, dt and the
     * update in float32 as torch computes them (diffusers upcasts the sample to float32 first).
     */
    public float[] step(float[] modelOutput, int index, float[] sample) {
        if (index < 0 || index >= timesteps.length) {
            throw new IllegalArgumentException("step index " + index + " is outside the " + timesteps.length + " prepared steps");
        }
        if (modelOutput.length != sample.length) {
            throw new IllegalArgumentException("model output has " + modelOutput.length + " values, the sample " + sample.length);
        }
        float dt = sigmas[index + 1] - sigmas[index];
        float[] next = new float[sample.length];
        for (int i = 0; i < sample.length; i++) {
            next[i] = sample[i] + dt * modelOutput[i];
        }
        return next;
    }

    /**
     * The transformer's timestep input at {@code index}: FluxKontextPipeline passes {@code timestep / 1000}
     * (a literal 1000, not num_train_timesteps), after casting t to the latents' dtype (float32 here).
     */
    public float transformerTimestep(int index) {
        return timesteps[index] / 1000f;
    }

    /** The σ of every step and the final 0, for tests and diagnostics. */
    public float[] sigmas() {
        return sigmas.clone();
    }

    public float[] timesteps() {
        return timesteps.clone();
    }

    public float initNoiseSigma() {
        return 1f;
    }

    public String name() {
        return "flow-match-euler";
    }
}
