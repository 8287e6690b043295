package io.editstream.local;

import io.editstream.renderer.UNetBatcher;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * How the renderer's UNet was used over a phase: calls, request-steps they carried (a call carries one step of each
 * render batched into it) and seconds inside the UNet. It tells whether renders were batched, which decides the
 * UNet's cost per request on CPU.
 */
record UNetUse(double calls, double requestSteps, double seconds) {

    static UNetUse of(UNetBatcher.Stats stats) {
        return new UNetUse(stats.calls(), stats.jobs(), stats.nanos() / 1e9);
    }

    /** The renderer stage's counters on the process's meter registry ({@code renderer_unet_*}); zeros before it starts. */
    static UNetUse of(MeterRegistry registry) {
        return new UNetUse(count(registry, "renderer_unet_calls"), count(registry, "renderer_unet_requests"),
                count(registry, "renderer_unet_seconds"));
    }

    /** The meter's first measurement, whatever its type after the registry's filters (0 when absent). */
    private static double count(MeterRegistry registry, String name) {
        for (Meter meter : registry.getMeters()) {
            if (meter.getId().getName().equals(name)) {
                for (Measurement m : meter.measure()) {
                    return m.getValue();
                }
            }
        }
        return 0;
    }

    UNetUse minus(UNetUse earlier) {
        return new UNetUse(calls - earlier.calls, requestSteps - earlier.requestSteps, seconds - earlier.seconds);
    }

    double stepsPerCall() {
        return calls == 0 ? 0 : requestSteps / calls;
    }
}
