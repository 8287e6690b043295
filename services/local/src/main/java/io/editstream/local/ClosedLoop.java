package io.editstream.local;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Closed-loop load: {@code concurrency} workers each take the next request index and run it to its end before
 * taking another, so exactly that many requests are in flight until the last ones drain. Throughput is requests
 * over the wall time from the first start to the last end. The first failure stops the run and is thrown.
 */
final class ClosedLoop {
    /** One request, by index (0-based across the run). */
    @FunctionalInterface
    interface Request {
        void run(int index) throws Exception;
    }

    /** What one run measured: requests done, wall seconds, and each request's own seconds. */
    record Result(int requests, double wallSeconds, double[] latencySeconds) {
        double perSecond() {
            return requests / wallSeconds;
        }
    }

    private ClosedLoop() {
    }

    static Result run(String threadPrefix, int concurrency, int requests, int firstIndex, Request request, Runnable onDone)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        double[] latency = new double[requests];
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency,
                r -> new Thread(r, threadPrefix + "-" + threadNumber.incrementAndGet()));
        long t0 = System.nanoTime();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                        long start = System.nanoTime();
                        request.run(firstIndex + i);
                        latency[i] = (System.nanoTime() - start) / 1e9;
                        onDone.run();
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                try {
                    worker.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    next.set(requests);   // the other workers stop after their current request
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new Result(requests, (System.nanoTime() - t0) / 1e9, latency);
    }
}
