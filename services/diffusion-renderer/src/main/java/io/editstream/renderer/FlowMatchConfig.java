package io.editstream.renderer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A rectified-flow checkpoint's {@code scheduler/scheduler_config.json} as diffusers'
 * {@code FlowMatchEulerDiscreteScheduler} reads it; missing keys take that class's defaults (shift 1, no
 * dynamic shifting, base/max shift 0.5/1.15 over sequence lengths 256–4096, exponential time shift, no
 * terminal stretch). {@code shiftTerminal} is null when the file leaves it out or sets it null or 0, as
 * diffusers' {@code if self.config.shift_terminal:} treats both alike.
 */
public record FlowMatchConfig(int numTrainTimesteps, double shift, boolean useDynamicShifting, double baseShift,
                              double maxShift, int baseImageSeqLen, int maxImageSeqLen, String timeShiftType,
                              Double shiftTerminal) {

    public FlowMatchConfig {
        if (!timeShiftType.equals("exponential") && !timeShiftType.equals("linear")) {
            throw new IllegalArgumentException("time_shift_type '" + timeShiftType + "' is not supported (exponential, linear)");
        }
        if (maxImageSeqLen == baseImageSeqLen) {
            throw new IllegalArgumentException("max_image_seq_len must differ from base_image_seq_len, both " + baseImageSeqLen);
        }
        if (shiftTerminal != null && (shiftTerminal == 0 || shiftTerminal.isNaN())) {
            shiftTerminal = null;
        }
    }

    public static FlowMatchConfig read(Path file) throws IOException {
        return from(new ObjectMapper().readTree(file.toFile()));
    }

    /** Refuses the options this restatement leaves out rather than sampling differently from diffusers. */
    public static FlowMatchConfig from(JsonNode json) {
        for (String unsupported : new String[] {"invert_sigmas", "use_karras_sigmas", "use_exponential_sigmas",
            "use_beta_sigmas", "stochastic_sampling"}) {
            if (json.path(unsupported).asBoolean(false)) {
                throw new IllegalArgumentException(unsupported + " is not supported by the flow-match Euler scheduler");
            }
        }
        JsonNode terminal = json.path("shift_terminal");
        return new FlowMatchConfig(json.path("num_train_timesteps").asInt(1000), json.path("shift").asDouble(1.0),
                json.path("use_dynamic_shifting").asBoolean(false), json.path("base_shift").asDouble(0.5),
                json.path("max_shift").asDouble(1.15), json.path("base_image_seq_len").asInt(256),
                json.path("max_image_seq_len").asInt(4096), json.path("time_shift_type").asText("exponential"),
                terminal.isNumber() ? terminal.asDouble() : null);
    }

    /** FLUX.1-Kontext-dev's scheduler_config.json (the same as FLUX.1-dev's). */
    public static FlowMatchConfig kontextDev() {
        return new FlowMatchConfig(1000, 3.0, true, 0.5, 1.15, 256, 4096, "exponential", null);
    }

    public FlowMatchConfig withDynamicShifting(boolean dynamic) {
        return new FlowMatchConfig(numTrainTimesteps, shift, dynamic, baseShift, maxShift, baseImageSeqLen, maxImageSeqLen,
                timeShiftType, shiftTerminal);
    }

    public FlowMatchConfig withShift(double newShift) {
        return new FlowMatchConfig(numTrainTimesteps, newShift, useDynamicShifting, baseShift, maxShift, baseImageSeqLen,
                maxImageSeqLen, timeShiftType, shiftTerminal);
    }

    public FlowMatchConfig withTimeShiftType(String type) {
        return new FlowMatchConfig(numTrainTimesteps, shift, useDynamicShifting, baseShift, maxShift, baseImageSeqLen,
                maxImageSeqLen, type, shiftTerminal);
    }

    public FlowMatchConfig withShiftTerminal(Double terminal) {
        return new FlowMatchConfig(numTrainTimesteps, shift, useDynamicShifting, baseShift, maxShift, baseImageSeqLen,
                maxImageSeqLen, timeShiftType, terminal);
    }

    /**
     * diffusers' {@code calculate_shift} (pipeline_flux / pipeline_flux_kontext): mu rises linearly from
     * base_shift at base_image_seq_len to max_shift at max_image_seq_len (and beyond, unclamped), in double
     * as Python computes it. {@code imageSeqLen} is the packed noise sequence, (H/16)·(W/16) in pixels.
     */
    public double mu(int imageSeqLen) {
        double m = (maxShift - baseShift) / (maxImageSeqLen - baseImageSeqLen);
        double b = baseShift - m * baseImageSeqLen;
        return imageSeqLen * m + b;
    }
}
