package io.editstream.renderer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Picks the sampler from scheduler_config.json's {@code _class_name}, or from an override
 * ({@code render.scheduler}: a diffusers class name or euler-ancestral, euler, ddim, dpm++2m) that keeps
 * the checkpoint's noise schedule, as diffusers' {@code OtherScheduler.from_config(config)} does.
 */
public final class Schedulers {
    public static final String SUPPORTED = "EulerAncestralDiscreteScheduler (euler-ancestral), EulerDiscreteScheduler (euler), "
            + "DDIMScheduler (ddim), DPMSolverMultistepScheduler (dpm++2m)";

    private Schedulers() {
    }

    /** The config with its class replaced by {@code override} (blank: unchanged); unknown names are refused. */
    public static SchedulerConfig resolve(SchedulerConfig config, String override) {
        return override == null || override.isBlank() ? config : config.withClassName(className(override));
    }

    /**
     * scheduler_config.json read as {@code OtherScheduler.from_config(config)} would: keys the file states are
     * kept, keys it leaves out take the overriding class's defaults (DDIM's "leading" spacing, for one).
     */
    public static SchedulerConfig read(Path file, String override) throws IOException {
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(file.toFile());
        if (override != null && !override.isBlank()) {
            json.put("_class_name", className(override));
        }
        return SchedulerConfig.from(json);
    }

    /** The diffusers class name of a short or class name; unknown names are refused. */
    public static String className(String override) {
        return switch (override.trim().toLowerCase(Locale.ROOT)) {
            case "euler-ancestral", "euler_a", "eulerancestraldiscretescheduler" -> "EulerAncestralDiscreteScheduler";
            case "euler", "eulerdiscretescheduler" -> "EulerDiscreteScheduler";
            case "ddim", "ddimscheduler" -> "DDIMScheduler";
            case "dpm++2m", "dpmsolver++", "dpmsolvermultistepscheduler" -> "DPMSolverMultistepScheduler";
            default -> throw new IllegalArgumentException("scheduler '" + override + "' is not supported; use one of " + SUPPORTED);
        };
    }

    /** A fresh (stateful) scheduler for one render. */
    public static Scheduler create(SchedulerConfig config) {
        return switch (config.className()) {
            case "EulerAncestralDiscreteScheduler" -> new EulerAncestralScheduler(config);
            case "EulerDiscreteScheduler" -> new EulerScheduler(config);
            case "DDIMScheduler" -> new DdimScheduler(config);
            case "DPMSolverMultistepScheduler" -> new DpmSolverScheduler(config);
            default -> throw new IllegalArgumentException("scheduler " + config.className() + " is not supported; use one of "
                    + SUPPORTED);
        };
    }
}
