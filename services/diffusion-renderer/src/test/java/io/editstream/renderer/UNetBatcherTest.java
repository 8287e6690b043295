package io.editstream.renderer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The batching rules, on a UNet stand-in that returns each row's sample plus its timestep and records call sizes. */
class UNetBatcherTest {
    private final List<Integer> callRows = new CopyOnWriteArrayList<>();

    /** out[row] = sample[row] + timestep[row]: every row can be traced back to its job. */
    private float[] unet(int rows, int h, int w, int tokens, float[] sample, float[] timesteps, float[] hidden) {
        callRows.add(rows);
        float[] out = new float[sample.length];
        int per = sample.length / rows;
        for (int i = 0; i < out.length; i++) {
            out[i] = sample[i] + timesteps[i / per];
        }
        return out;
    }

    @Test
    void aLoneRenderDoesNotWaitForTheDelay() throws Exception {
        try (UNetBatcher batcher = new UNetBatcher(this::unet, 4, Duration.ofSeconds(30));
             AutoCloseable lease = batcher.open()) {
            long t0 = System.nanoTime();
            float[] out = batcher.predict(1, 1, 1, 1, new float[] {2f}, new float[] {10f}, new float[] {0f});
            assertThat(out).containsExactly(12f);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void concurrentRendersShareACallAndGetTheirOwnRowsBack() throws Exception {
        int n = 3;
        try (UNetBatcher batcher = new UNetBatcher(this::unet, n, Duration.ofSeconds(10))) {
            ExecutorService pool = Executors.newFixedThreadPool(n);
            CountDownLatch open = new CountDownLatch(n);
            try {
                List<Future<float[]>> results = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    float k = i;
                    results.add(pool.submit(() -> {
                        try (AutoCloseable lease = batcher.open()) {
                            open.countDown();
                            open.await();
                            return batcher.predict(2, 1, 1, 1, new float[] {k, k}, new float[] {100 * k, 100 * k}, new float[2]);
                        }
                    }));
                }
                for (int i = 0; i < n; i++) {
                    assertThat(results.get(i).get()).containsExactly(101f * i, 101f * i);
                }
            } finally {
                pool.shutdown();
            }
            assertThat(callRows).containsExactly(6);
            assertThat(batcher.stats().meanJobsPerCall()).isEqualTo(3.0);
        }
    }

    @Test
    void rowsOfAnotherLatentSizeWaitForTheirOwnCall() throws Exception {
        try (UNetBatcher batcher = new UNetBatcher(this::unet, 2, Duration.ofMillis(300))) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            CountDownLatch open = new CountDownLatch(2);
            try {
                Future<float[]> small = pool.submit(() -> {
                    try (AutoCloseable lease = batcher.open()) {
                        open.countDown();
                        open.await();
                        return batcher.predict(1, 1, 1, 1, new float[] {1f}, new float[] {1f}, new float[1]);
                    }
                });
                Future<float[]> large = pool.submit(() -> {
                    try (AutoCloseable lease = batcher.open()) {
                        open.countDown();
                        open.await();
                        return batcher.predict(1, 2, 1, 1, new float[] {1f, 2f}, new float[] {5f}, new float[1]);
                    }
                });
                assertThat(small.get()).containsExactly(2f);
                assertThat(large.get()).containsExactly(6f, 7f);
            } finally {
                pool.shutdown();
            }
            assertThat(callRows).containsExactly(1, 1);
        }
    }

    @Test
    void aFailingCallFailsItsRendersAndTheBatcherGoesOn() throws Exception {
        UNetBatcher.UNet flaky = (rows, h, w, tokens, sample, t, hidden) -> {
            if (t[0] < 0) {
                throw new IllegalStateException("UNet refused");
            }
            return sample.clone();
        };
        try (UNetBatcher batcher = new UNetBatcher(flaky, 4, Duration.ZERO)) {
            assertThatThrownBy(() -> batcher.predict(1, 1, 1, 1, new float[] {1f}, new float[] {-1f}, new float[1]))
                    .hasMessage("UNet refused");
            assertThat(batcher.predict(1, 1, 1, 1, new float[] {3f}, new float[] {1f}, new float[1])).containsExactly(3f);
        }
        assertThatThrownBy(() -> new UNetBatcher(flaky, 0, Duration.ZERO)).hasMessageContaining("maxBatch");
    }
}
