package io.editstream.renderer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The noise schedule a checkpoint was trained with, as diffusers writes it to
 * {@code scheduler/scheduler_config.json}; missing keys take diffusers' defaults.
 */
public record SchedulerConfig(String className, int numTrainTimesteps, double betaStart, double betaEnd, String betaSchedule,
                              String predictionType, String timestepSpacing, int stepsOffset) {

    public static SchedulerConfig read(Path file) throws IOException {
        return from(new ObjectMapper().readTree(file.toFile()));
    }

    public static SchedulerConfig from(JsonNode json) {
        return new SchedulerConfig(json.path("_class_name").asText("EulerAncestralDiscreteScheduler"),
                json.path("num_train_timesteps").asInt(1000), json.path("beta_start").asDouble(0.0001),
                json.path("beta_end").asDouble(0.02), json.path("beta_schedule").asText("linear"),
                json.path("prediction_type").asText("epsilon"), json.path("timestep_spacing").asText("linspace"),
                json.path("steps_offset").asInt(0));
    }

    /** Stable Diffusion's schedule (what InstructPix2Pix and AURORA use). */
    public static SchedulerConfig stableDiffusion() {
        return new SchedulerConfig("EulerAncestralDiscreteScheduler", 1000, 0.00085, 0.012, "scaled_linear", "epsilon",
                "linspace", 1);
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
}
