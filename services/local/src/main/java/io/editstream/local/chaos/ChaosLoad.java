package io.editstream.local.chaos;

import io.editstream.client.EditClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Sends {@code requests} edits at a steady {@code rate} per second, every other one through the gateway and
 * the rest straight to Kafka. A user retries what the gateway refuses: a 503 waits out its Retry-After, a
 * gateway that is down (being restarted) is tried again a second later, for up to five minutes per request.
 */
final class ChaosLoad {
    private static final long GIVE_UP_MS = 300_000;

    private final EditClient gateway;
    private final DirectPublisher kafka;
    private final byte[] png;
    private final int width;
    private final int height;

    ChaosLoad(EditClient gateway, DirectPublisher kafka, byte[] png, int width, int height) {
        this.gateway = gateway;
        this.kafka = kafka;
        this.png = png;
        this.width = width;
        this.height = height;
    }

    /** Runs the load; {@code sent} hears each index as it is sent off. Returns one submission per request, in order. */
    List<Submission> run(int requests, double rate, IntConsumer sent) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(64);
        List<Future<Submission>> futures = new ArrayList<>();
        long start = System.nanoTime();
        try {
            for (int i = 0; i < requests; i++) {
                long due = start + (long) (i * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                int index = i;
                long sentAt = System.currentTimeMillis();   // latency counts from the schedule, not from a free thread
                futures.add(pool.submit(() -> index % 2 == 0 ? viaGateway(index, sentAt) : viaKafka(index, sentAt)));
                sent.accept(i);
            }
            List<Submission> out = new ArrayList<>();
            for (Future<Submission> f : futures) {
                try {
                    out.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("a chaos submission crashed: " + e.getCause(), e.getCause());
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private Submission viaGateway(int index, long sentAt) throws InterruptedException {
        long deadline = sentAt + GIVE_UP_MS;
        int refused = 0;
        boolean retryAfterEach = true;
        String error = null;
        while (System.currentTimeMillis() < deadline) {
            try {
                EditClient.Submission s = gateway.submit(png, "chaos.png", instruction(index),
                        Map.of("steps", "12", "seed", Integer.toString(index)));
                if (s.accepted()) {
                    return new Submission(index, "gateway", s.id(), sentAt, refused, retryAfterEach, null);
                }
                if (s.status() != 503) {
                    return new Submission(index, "gateway", null, sentAt, refused, retryAfterEach,
                            "HTTP " + s.status() + ": " + s.body().encode());
                }
                refused++;
                retryAfterEach &= s.retryAfter() != null;
                error = "HTTP 503: " + s.body().getString("reason", s.body().encode());
                Thread.sleep(1000L * parseSeconds(s.retryAfter()));
            } catch (IOException e) {
                error = "gateway unreachable: " + e;   // being restarted: try again shortly
                Thread.sleep(1000);
            }
        }
        return new Submission(index, "gateway", null, sentAt, refused, retryAfterEach, "gave up after 300 s; last: " + error);
    }

    private Submission viaKafka(int index, long sentAt) {
        try {
            String id = kafka.publish(png, width, height, instruction(index), index, GIVE_UP_MS);
            return new Submission(index, "kafka", id, sentAt, 0, true, null);
        } catch (Exception e) {
            return new Submission(index, "kafka", null, sentAt, 0, true, "publish failed: " + e);
        }
    }

    private static String instruction(int index) {
        return index % 3 == 0 ? "what if the red ball rolled off the table?" : "what would this table look like after the glass fell?";
    }

    private static long parseSeconds(String retryAfter) {
        try {
            return Math.max(1, Math.min(30, Long.parseLong(retryAfter.trim())));
        } catch (RuntimeException e) {
            return 1;
        }
    }
}
