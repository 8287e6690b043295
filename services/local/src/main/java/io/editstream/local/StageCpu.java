package io.editstream.local;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CPU time per pipeline stage in this JVM, from a census of live threads by name: a stage's loop is
 * {@code <service>-loop}, its Kafka clients' threads name their client id (which starts with the service), the
 * enhancer's and the gateway's Streams threads their application id ({@code enhancer-…}, {@code gateway-status-…}),
 * the renderer's UNet runs on {@code renderer-unet-batcher}, and the Vert.x event loops and workers serve the
 * gateway's HTTP API and its uploads. The rest is the embedded broker, S3 (S3Proxy's Jetty and the MinIO clients'
 * OkHttp dispatchers, which no one stage owns), the benchmark's own clients, or {@value #OTHER} (the JIT, say). A thread that ended between two snapshots takes its
 * time with it; the stages' threads live as long as the stack.
 */
public final class StageCpu {
    static final String BROKER = "kafka broker";
    static final String S3 = "s3 (server+clients)";
    static final String BENCH = "bench clients";
    static final String OTHER = "other";
    /** Name fragments in match order, stages first (a stage's Kafka client threads also say "kafka"); names lower-cased. */
    private static final List<Map.Entry<String, String>> FRAGMENTS = List.of(
            Map.entry("cue-extractor", "cue-extractor"),
            Map.entry("diffusion-renderer", "diffusion-renderer"),
            Map.entry("renderer-unet", "diffusion-renderer"),
            Map.entry("reasoner", "reasoner"),
            Map.entry("enhancer", "enhancer"),
            Map.entry("scorer", "scorer"),
            Map.entry("gateway", "gateway"),
            Map.entry("vert.x-eventloop", "gateway"),
            Map.entry("vert.x-worker", "gateway"),
            Map.entry("bench-", BENCH),
            Map.entry("event-recorder", BENCH),
            Map.entry("httpclient", BENCH),
            Map.entry("s3proxy", S3),
            Map.entry("okhttp", S3),   // the stages' MinIO clients' dispatcher: S3 work, of no one stage
            Map.entry("kafka", BROKER),
            Map.entry("broker-", BROKER),
            Map.entry("controller-", BROKER),
            Map.entry("raft", BROKER),
            Map.entry("coordinator", BROKER),
            Map.entry("txnmarker", BROKER),
            Map.entry("transaction", BROKER),
            Map.entry("expirationreaper", BROKER),
            Map.entry("executor-", BROKER));
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private StageCpu() {
    }

    /** The stage (or broker, S3 endpoint, benchmark) a thread of this name works for, else {@value #OTHER}. */
    static String stageOf(String threadName) {
        String name = threadName.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, String> fragment : FRAGMENTS) {
            if (name.contains(fragment.getKey())) {
                return fragment.getValue();
            }
        }
        return OTHER;
    }

    /** CPU nanoseconds per thread id, with each thread's name, right now. */
    public static Map<Long, Sample> snapshot() {
        Map<Long, Sample> out = new LinkedHashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long nanos = THREADS.getThreadCpuTime(info.getThreadId());
            if (nanos >= 0) {
                out.put(info.getThreadId(), new Sample(info.getThreadName(), nanos));
            }
        }
        return out;
    }

    /** One thread's name and CPU time at a snapshot. */
    public record Sample(String thread, long cpuNanos) {
    }

    /** CPU seconds per stage between two snapshots (threads started in between count from zero). */
    public static Map<String, Double> secondsBetween(Map<Long, Sample> before, Map<Long, Sample> after) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        after.forEach((id, sample) -> {
            Sample earlier = before.get(id);
            long start = earlier != null && earlier.thread().equals(sample.thread()) ? earlier.cpuNanos() : 0;
            seconds.merge(stageOf(sample.thread()), (sample.cpuNanos() - start) / 1e9, Double::sum);
        });
        return seconds;
    }
}
