package io.editstream.renderer;

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
        if (override == null || override.isBlank()) {
            return config;
        }
        String name = switch (override.trim().toLowerCase(Locale.ROOT)) {
            case "euler-ancestral", "euler_a", "eulerancestraldiscretescheduler" -> "EulerAncestralDiscreteScheduler";
            case "euler", "eulerdiscretescheduler" -> "EulerDiscreteScheduler";
            case "ddim", "ddimscheduler" -> "DDIMScheduler";
            case "dpm++2m", "dpmsolver++", "dpmsolvermultistepscheduler" -> "DPMSolverMultistepScheduler";
            default -> throw new IllegalArgumentException("scheduler '" + override + "' is not supported; use one of " + SUPPORTED);
        };
        return config.withClassName(name);
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
