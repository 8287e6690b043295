package io.editstream.renderer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The batcher's meters keep reading their stats after a GC, for as long as the registration is held. */
class UNetMetricsTest {

    @Test
    void metersOutliveAGcWhileRegisteredAndGoWhenClosed() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AtomicLong calls = new AtomicLong(3);
        // a lambda only the meters and the registration see, as the renderer's method reference is
        AutoCloseable registered = UNetMetrics.register(registry, () -> new UNetBatcher.Stats(calls.get(), 9, 12, 2_000_000_000L, 0));
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20);
        }
        calls.set(5);
        assertThat(registry.get("renderer_unet_calls").functionCounter().count()).isEqualTo(5.0);
        assertThat(registry.get("renderer_unet_seconds").functionCounter().count()).isEqualTo(2.0);
        registered.close();
        assertThat(registry.find("renderer_unet_calls").functionCounter()).isNull();
    }
}
