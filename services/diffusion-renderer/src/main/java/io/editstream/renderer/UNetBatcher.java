package io.editstream.renderer;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Micro-batching of denoiser calls (the InstructPix2Pix UNet or the FLUX transformer) across renders running
 * side by side (Triton-style dynamic batching: a maximum batch and a maximum queue delay). Each render submits
 * the rows of one denoising step (its guidance branches) as a few row-major inputs whose first axis is the row,
 * plus a shape key, and blocks; one worker thread concatenates, input by input, the rows of up to
 * {@code maxBatch} renders with an equal shape key (same latent size and conditioning length, so every row fits
 * one call, and for FLUX the same position ids) into one call and hands each render its own rows back. It waits
 * for more only while other renders are open, and at most {@code maxDelay} after the first row arrived, so a lone
 * render never waits. Each render keeps its own scheduler and noise, so its image does not depend on what it
 * was batched with.
 */
public final class UNetBatcher implements AutoCloseable {
    /**
     * One denoiser call on rows concatenated along the first axis: {@code inputs[k]} holds input k of all rows;
     * returns the output rows, concatenated the same way.
     */
    @FunctionalInterface
    public interface Denoiser {
        float[] run(int rows, Object shape, float[][] inputs);
    }

    /** The InstructPix2Pix UNet: sample [N,2C,h,w], timesteps [N], hidden [N,L,D] → [N,C,h,w]. */
    @FunctionalInterface
    public interface UNet {
        float[] run(int rows, int height, int width, int tokens, float[] sample, float[] timesteps, float[] hidden);
    }

    /** The shape key of a UNet step: latent size and conditioning length. */
    private record UNetShape(int height, int width, int tokens) {
    }

    /**
     * What the denoiser has done so far: calls, rows (guidance branches) and request-steps (jobs) it carried, time
     * inside it, and the time jobs spent queued before their call started (the price of waiting for a batch).
     */
    public record Stats(long calls, long rows, long jobs, long nanos, long queueNanos) {
        public double meanJobsPerCall() {
            return calls == 0 ? 0 : (double) jobs / calls;
        }

        public double meanQueueMillis() {
            return jobs == 0 ? 0 : queueNanos / 1e6 / jobs;
        }

        public Stats minus(Stats earlier) {
            return new Stats(calls - earlier.calls, rows - earlier.rows, jobs - earlier.jobs, nanos - earlier.nanos,
                    queueNanos - earlier.queueNanos);
        }
    }

    private record Job(int rows, Object shape, float[][] inputs, CompletableFuture<float[]> result, long enqueued) {
        boolean batchesWith(Job other) {
            return shape.equals(other.shape) && inputs.length == other.inputs.length;
        }
    }

    private final Denoiser denoiser;
    private final int maxBatch;
    private final long maxDelayNanos;
    private final LinkedBlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final Deque<Job> held = new ArrayDeque<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong jobs = new AtomicLong();
    private final AtomicLong nanos = new AtomicLong();
    private final AtomicLong queueNanos = new AtomicLong();
    private final Thread worker;
    private volatile boolean running = true;

    /** Batches an InstructPix2Pix UNet, whose steps are submitted with {@link #predict(int, int, int, int, float[], float[], float[])}. */
    public UNetBatcher(UNet unet, int maxBatch, Duration maxDelay) {
        this((rows, shape, in) -> {
            UNetShape s = (UNetShape) shape;
            return unet.run(rows, s.height(), s.width(), s.tokens(), in[0], in[1], in[2]);
        }, maxBatch, maxDelay);
    }

    public UNetBatcher(Denoiser denoiser, int maxBatch, Duration maxDelay) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("render.maxBatch must be at least 1, got " + maxBatch);
        }
        this.denoiser = denoiser;
        this.maxBatch = maxBatch;
        this.maxDelayNanos = maxDelay.toNanos();
        this.worker = new Thread(this::work, "renderer-unet-batcher");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** Runs one render marked as open ({@link #open}) throughout. */
    public <T> T whileOpen(Supplier<T> render) {
        open.incrementAndGet();
        try {
            return render.get();
        } finally {
            open.decrementAndGet();
        }
    }

    /** Marks a render as running until the lease is closed, so the batcher knows how many rows may still come. */
    public AutoCloseable open() {
        open.incrementAndGet();
        return open::decrementAndGet;
    }

    /** The UNet's output rows for these input rows, computed alone or together with other renders' rows. */
    public float[] predict(int rows, int height, int width, int tokens, float[] sample, float[] timesteps, float[] hidden) {
        return predict(rows, new UNetShape(height, width, tokens), sample, timesteps, hidden);
    }

    /**
     * The denoiser's output rows for these input rows (each input row-major with the row first), computed alone or
     * together with other renders' rows of an equal {@code shape} key.
     */
    public float[] predict(int rows, Object shape, float[]... inputs) {
        Job job = new Job(rows, shape, inputs, new CompletableFuture<>(), System.nanoTime());
        if (!running) {
            throw new IllegalStateException("the UNet batcher is closed");
        }
        queue.add(job);
        try {
            return job.result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the UNet", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    public Stats stats() {
        return new Stats(calls.get(), rows.get(), jobs.get(), nanos.get(), queueNanos.get());
    }

    private void work() {
        while (running) {
            try {
                Job first = held.isEmpty() ? queue.poll(100, TimeUnit.MILLISECONDS) : held.poll();
                if (first == null) {
                    continue;
                }
                run(gather(first));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The first job plus compatible ones: held-over first, then new arrivals until the batch is full, no other render is open, or the delay is up. */
    private List<Job> gather(Job first) throws InterruptedException {
        List<Job> batch = new ArrayList<>(List.of(first));
        List<Job> other = new ArrayList<>();
        while (!held.isEmpty() && batch.size() < maxBatch) {
            Job next = held.poll();
            (next.batchesWith(first) ? batch : other).add(next);
        }
        long deadline = System.nanoTime() + maxDelayNanos;
        // wait only for rows that can still come: every open render not yet heard from in this round
        while (batch.size() < maxBatch && batch.size() + other.size() < open.get()) {
            long left = deadline - System.nanoTime();
            Job next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
            if (next == null) {
                break;
            }
            (next.batchesWith(first) ? batch : other).add(next);
        }
        held.addAll(other);
        return batch;
    }

    private void run(List<Job> batch) {
        Job first = batch.get(0);
        int total = batch.stream().mapToInt(Job::rows).sum();
        float[][] inputs = new float[first.inputs.length][];
        for (int k = 0; k < inputs.length; k++) {
            int input = k;
            inputs[k] = concat(batch.stream().map(job -> job.inputs[input]).toList());
        }
        try {
            long t0 = System.nanoTime();
            batch.forEach(job -> queueNanos.addAndGet(t0 - job.enqueued));
            float[] out = denoiser.run(total, first.shape, inputs);
            nanos.addAndGet(System.nanoTime() - t0);
            calls.incrementAndGet();
            rows.addAndGet(total);
            jobs.addAndGet(batch.size());
            int per = out.length / total;
            int offset = 0;
            for (Job job : batch) {
                float[] mine = new float[job.rows * per];
                System.arraycopy(out, offset, mine, 0, mine.length);
                offset += mine.length;
                job.result.complete(mine);
            }
        } catch (RuntimeException e) {
            batch.forEach(job -> job.result.completeExceptionally(e));
        }
    }

    private static float[] concat(List<float[]> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        float[] out = new float[parts.stream().mapToInt(p -> p.length).sum()];
        int offset = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, offset, p.length);
            offset += p.length;
        }
        return out;
    }

    @Override
    public void close() {
        running = false;
        worker.interrupt();
        try {
            worker.join(1000);   // held jobs belong to the worker until it has stopped
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Job job;
        while ((job = queue.poll()) != null) {
            job.result.completeExceptionally(new IllegalStateException("the UNet batcher is closed"));
        }
        held.forEach(j -> j.result.completeExceptionally(new IllegalStateException("the UNet batcher is closed")));
    }
}
