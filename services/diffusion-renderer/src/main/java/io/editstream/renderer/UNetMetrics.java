package io.editstream.renderer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The micro-batcher's counters on /metrics: UNet calls, requests and guidance rows they carried, seconds inside
 * the UNet, and the mean requests per call (the batch size users of dynamic batching watch). The meters are
 * removed with the pipeline, so a stage restarted in the same JVM reports its new pipeline.
 */
final class UNetMetrics {
    private UNetMetrics() {
    }

    /** Registers the meters; closing the result removes them. */
    static AutoCloseable register(MeterRegistry registry, Supplier<UNetBatcher.Stats> stats) {
        List<Meter> meters = List.of(
                counter(registry, "renderer_unet_calls", "UNet calls", stats, s -> s.calls()),
                counter(registry, "renderer_unet_requests", "request-steps carried by UNet calls", stats, s -> s.jobs()),
                counter(registry, "renderer_unet_rows", "guidance rows carried by UNet calls", stats, s -> s.rows()),
                counter(registry, "renderer_unet_seconds", "time inside the UNet", stats, s -> s.nanos() / 1e9),
                Gauge.builder("renderer_unet_batch_mean", stats, s -> s.get().meanJobsPerCall())
                        .description("mean requests per UNet call since start").register(registry));
        return new Registered(registry, meters, stats);
    }

    /**
     * The meters' registration. Micrometer holds a function meter's source object weakly, so this (kept by the stage
     * until it stops) holds the supplier strongly; else the first GC would take it and the meters would read NaN.
     */
    private record Registered(MeterRegistry registry, List<Meter> meters, Supplier<UNetBatcher.Stats> stats) implements AutoCloseable {
        @Override
        public void close() {
            meters.forEach(registry::remove);
        }
    }

    private static Meter counter(MeterRegistry registry, String name, String description, Supplier<UNetBatcher.Stats> stats,
                                ToDoubleFunction<UNetBatcher.Stats> value) {
        return FunctionCounter.builder(name, stats, s -> value.applyAsDouble(s.get())).description(description).register(registry);
    }
}
