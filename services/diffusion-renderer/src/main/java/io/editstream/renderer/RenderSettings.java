package io.editstream.renderer;

import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * The renderer's own config section {@code render}: {@code scheduler} overrides the bundle's sampler
 * (blank: its scheduler_config.json), {@code maxBatch} and {@code maxDelayMs} bound the micro-batching of
 * UNet calls, {@code concurrency} is how many requests render side by side (one stage loop each; batching
 * needs more than one), {@code longSide} the pixel long side for bundles without a fixed imageSize (0:
 * the bundle's "longSide", else 512). {@code keepUneditedThreshold} (0–255; 0: off; -1, the default: the bundle's
 * {@code "keepUnedited"}) and {@code keepUneditedGrow} keep the source's own pixels wherever the InstructPix2Pix
 * rendering did not change the picture ({@link UneditedPixels}).
 */
public record RenderSettings(String scheduler, int maxBatch, Duration maxDelay, int concurrency, int longSide,
                             int keepUneditedThreshold, int keepUneditedGrow) {

    public RenderSettings {
        if (maxBatch < 1 || concurrency < 1 || longSide < 0 || maxDelay.isNegative() || keepUneditedThreshold < -1
                || keepUneditedThreshold > 255 || keepUneditedGrow < -1) {
            throw new IllegalArgumentException("render settings out of range: maxBatch " + maxBatch + ", concurrency "
                    + concurrency + ", longSide " + longSide + ", maxDelayMs " + maxDelay.toMillis() + ", keepUneditedThreshold "
                    + keepUneditedThreshold + " (0-255, -1 the bundle's), keepUneditedGrow " + keepUneditedGrow);
        }
    }

    public RenderSettings(String scheduler, int maxBatch, Duration maxDelay, int concurrency, int longSide) {
        this(scheduler, maxBatch, maxDelay, concurrency, longSide, -1, -1);
    }

    public static RenderSettings defaults() {
        return new RenderSettings("", 4, Duration.ofMillis(10), 1, 0);
    }

    public static RenderSettings from(JsonObject render) {
        RenderSettings d = defaults();
        return new RenderSettings(render.getString("scheduler", d.scheduler()), render.getInteger("maxBatch", d.maxBatch()),
                Duration.ofMillis(render.getLong("maxDelayMs", d.maxDelay().toMillis())),
                render.getInteger("concurrency", d.concurrency()), render.getInteger("longSide", d.longSide()),
                render.getInteger("keepUneditedThreshold", d.keepUneditedThreshold()),
                render.getInteger("keepUneditedGrow", d.keepUneditedGrow()));
    }

    public RenderSettings withBatching(int batch, Duration delay) {
        return new RenderSettings(scheduler, batch, delay, concurrency, longSide, keepUneditedThreshold, keepUneditedGrow);
    }

    public RenderSettings withScheduler(String name) {
        return new RenderSettings(name, maxBatch, maxDelay, concurrency, longSide, keepUneditedThreshold, keepUneditedGrow);
    }

    public RenderSettings withKeepUnedited(int threshold, int grow) {
        return new RenderSettings(scheduler, maxBatch, maxDelay, concurrency, longSide, threshold, grow);
    }
}
