package io.editstream.renderer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The noise schedule a checkpoint was trained with and its sampler's options, as diffusers writes them to
 * {@code scheduler/scheduler_config.json}; missing keys take diffusers' defaults (DDIM: clip_sample true,
 * set_alpha_to_one true; DPM-Solver: order 2, dpmsolver++, final sigma zero, lower_order_final true).
 */
public record SchedulerConfig(String className, int numTrainTimesteps, double betaStart, double betaEnd, String betaSchedule,
                              String predictionType, String timestepSpacing, int stepsOffset, boolean clipSample,
                              double clipSampleRange, boolean setAlphaToOne, int solverOrder, String algorithmType,
                              String finalSigmasType, boolean lowerOrderFinal, boolean useKarrasSigmas) {

    public static SchedulerConfig read(Path file) throws IOException {
        return from(new ObjectMapper().readTree(file.toFile()));
    }

    public static SchedulerConfig from(JsonNode json) {
        return new SchedulerConfig(json.path("_class_name").asText("EulerAncestralDiscreteScheduler"),
                json.path("num_train_timesteps").asInt(1000), json.path("beta_start").asDouble(0.0001),
                json.path("beta_end").asDouble(0.02), json.path("beta_schedule").asText("linear"),
                json.path("prediction_type").asText("epsilon"), json.path("timestep_spacing").asText(defaultSpacing(json)),
                json.path("steps_offset").asInt(0), json.path("clip_sample").asBoolean(true),
                json.path("clip_sample_range").asDouble(1.0), json.path("set_alpha_to_one").asBoolean(true),
                json.path("solver_order").asInt(2), json.path("algorithm_type").asText("dpmsolver++"),
                json.path("final_sigmas_type").asText("zero"), json.path("lower_order_final").asBoolean(true),
                json.path("use_karras_sigmas").asBoolean(false));
    }

    /** diffusers' default spacing differs by class: "leading" for DDIM, "linspace" for the others. */
    private static String defaultSpacing(JsonNode json) {
        return json.path("_class_name").asText("").startsWith("DDIM") ? "leading" : "linspace";
    }

    /** Stable Diffusion's schedule (what InstructPix2Pix and AURORA use), as their scheduler_config.json states it. */
    public static SchedulerConfig stableDiffusion() {
        return new SchedulerConfig("EulerAncestralDiscreteScheduler", 1000, 0.00085, 0.012, "scaled_linear", "epsilon",
                "linspace", 1, false, 1.0, false, 2, "dpmsolver++", "zero", true, false);
    }

    public SchedulerConfig withClassName(String name) {
        return new SchedulerConfig(name, numTrainTimesteps, betaStart, betaEnd, betaSchedule, predictionType, timestepSpacing,
                stepsOffset, clipSample, clipSampleRange, setAlphaToOne, solverOrder, algorithmType, finalSigmasType,
                lowerOrderFinal, useKarrasSigmas);
    }

    public SchedulerConfig withSpacing(String spacing) {
        return new SchedulerConfig(className, numTrainTimesteps, betaStart, betaEnd, betaSchedule, predictionType, spacing,
                stepsOffset, clipSample, clipSampleRange, setAlphaToOne, solverOrder, algorithmType, finalSigmasType,
                lowerOrderFinal, useKarrasSigmas);
    }

    public SchedulerConfig withPrediction(String prediction) {
        return new SchedulerConfig(className, numTrainTimesteps, betaStart, betaEnd, betaSchedule, prediction, timestepSpacing,
                stepsOffset, clipSample, clipSampleRange, setAlphaToOne, solverOrder, algorithmType, finalSigmasType,
                lowerOrderFinal, useKarrasSigmas);
    }

    public boolean vPrediction() {
        return predictionType.equals("v_prediction");
    }

    /** Cumulative products of (1 − β) over the training steps, in float32 as diffusers keeps them. */
    public double[] alphasCumprod() {
        double[] cumprod = new double[numTrainTimesteps];
        float running = 1f;
        for (int t = 0; t < numTrainTimesteps; t++) {
            float beta;
            if (betaSchedule.equals("scaled_linear")) {
                float root = (float) (Math.sqrt(betaStart) + (Math.sqrt(betaEnd) - Math.sqrt(betaStart)) * t / (numTrainTimesteps - 1));
                beta = root * root;
            } else if (betaSchedule.equals("linear")) {
                beta = (float) (betaStart + (betaEnd - betaStart) * t / (numTrainTimesteps - 1));
            } else {
                throw new IllegalArgumentException("beta_schedule '" + betaSchedule + "' is not supported (linear, scaled_linear)");
            }
            running *= 1f - beta;
            cumprod[t] = running;
        }
        return cumprod;
    }

    /** σ(t) = √((1 − ᾱ_t) / ᾱ_t) at every training step, rounded to float32 as diffusers' numpy array is. */
    public double[] trainSigmas() {
        double[] cumprod = alphasCumprod();
        double[] sigmas = new double[cumprod.length];
        for (int t = 0; t < cumprod.length; t++) {
            sigmas[t] = (float) Math.sqrt((1 - cumprod[t]) / cumprod[t]);
        }
        return sigmas;
    }

    /** numpy.interp of the training sigmas at a (possibly fractional) timestep. */
    public static double interpolate(double[] trainSigmas, double t) {
        int lo = (int) Math.floor(t);
        int hi = Math.min(lo + 1, trainSigmas.length - 1);
        return trainSigmas[lo] + (trainSigmas[hi] - trainSigmas[lo]) * (t - lo);
    }

    /** The σ at each of the chosen timesteps as float32, then {@code last} (the σ the final step lands on). */
    static float[] sigmasAt(double[] trainSigmas, double[] timesteps, float last) {
        float[] sigmas = new float[timesteps.length + 1];
        for (int i = 0; i < timesteps.length; i++) {
            sigmas[i] = (float) interpolate(trainSigmas, timesteps[i]);
        }
        sigmas[timesteps.length] = last;
        return sigmas;
    }
}
