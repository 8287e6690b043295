package io.editstream.local;

import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop load: requests arrive as a Poisson process (exponential gaps, seeded) at a fixed rate whether or not
 * earlier ones have finished, as independent users would send them. Each request's latency runs from its scheduled
 * arrival, not from when a thread got round to sending it, so a stalled system is not flattered by sending less
 * (no coordinated omission).
 */
final class OpenLoop {
    /** One request by index; returns when it has ended. */
    @FunctionalInterface
    interface Request {
        void run(int index) throws Exception;
    }

    private OpenLoop() {
    }

    /** Arrival offsets in seconds of {@code count} requests at {@code ratePerSecond}, the first after one gap. */
    static double[] arrivals(double ratePerSecond, int count, long seed) {
        if (ratePerSecond <= 0) {
            throw new IllegalArgumentException("rate must be positive, got " + ratePerSecond);
        }
        Random random = new Random(seed);
        double[] at = new double[count];
        double t = 0;
        for (int i = 0; i < count; i++) {
            t += -Math.log(1 - random.nextDouble()) / ratePerSecond;
            at[i] = t;
        }
        return at;
    }

    /** Runs the requests at their arrival times; each one's latency in seconds from its scheduled arrival. */
    static double[] run(String threadPrefix, double[] arrivals, int firstIndex, Request request, Runnable onDone) throws Exception {
        double[] latency = new double[arrivals.length];
        AtomicInteger threadNumber = new AtomicInteger();
        // unbounded: an arrival never waits for a free sender, however many requests are queued in the pipeline
        ExecutorService senders = Executors.newCachedThreadPool(r -> new Thread(r, threadPrefix + "-" + threadNumber.incrementAndGet()));
        CompletableFuture<?>[] done = new CompletableFuture<?>[arrivals.length];
        long t0 = System.nanoTime();
        try {
            for (int i = 0; i < arrivals.length; i++) {
                long due = t0 + (long) (arrivals[i] * 1e9);
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                int index = i;
                done[i] = CompletableFuture.runAsync(() -> {
                    try {
                        request.run(firstIndex + index);
                    } catch (Exception e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                    latency[index] = (System.nanoTime() - due) / 1e9;
                    onDone.run();
                }, senders);
            }
            CompletableFuture.allOf(done).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            senders.shutdownNow();
        }
        return latency;
    }
}
