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
 * the renderer's UNet runs on {@code renderer-unet-batcher}, and the Vert.x event loops serve the gateway's HTTP
 * API. Everything else (the embedded broker and S3 endpoint, the benchmark's own clients) is {@value #OTHER}.
 * A thread that ended between two snapshots takes its time with it; the stages' threads live as long as the stack.
 */
public final class StageCpu {
    static final String OTHER = "broker, S3, bench";
    /** Name fragments in match order: the more specific first (every name is lower-cased before matching). */
    private static final List<Map.Entry<String, String>> FRAGMENTS = List.of(
            Map.entry("cue-extractor", "cue-extractor"),
            Map.entry("diffusion-renderer", "diffusion-renderer"),
            Map.entry("renderer-unet", "diffusion-renderer"),
            Map.entry("reasoner", "reasoner"),
            Map.entry("enhancer", "enhancer"),
            Map.entry("scorer", "scorer"),
            Map.entry("gateway", "gateway"),
            Map.entry("vert.x-eventloop", "gateway"));
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private StageCpu() {
    }

    /** The stage a thread of this name works for, or {@value #OTHER}. */
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
