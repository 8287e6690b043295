package io.editstream.stage;

import io.editstream.events.StageInfo;
import io.editstream.kafka.StageHandler.RecordMeta;
import io.editstream.tracing.Tracing;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Splits one handler call into model time and I/O time (object-store reads and writes) and writes the
 * {@link StageInfo} every stage event carries, so each stage reports its hop the same way and the benchmark
 * can subtract model time from the hop. Each step is also a child span ({@code model}, {@code s3}) of the stage's
 * span for the record, when there is one. Not thread-safe: one timer per call.
 */
public final class StageTimer {
    private static final int MODEL = 0;
    private static final int IO = 1;
    private final long[] nanos = new long[2];

    /** Runs an object-store step and counts its time as I/O. */
    public <T> T io(Supplier<T> step) {
        return timed(IO, () -> Tracing.inChild("s3", step));
    }

    /** Runs a model step and counts its time as model time. */
    public <T> T model(Supplier<T> step) {
        return timed(MODEL, () -> Tracing.inChild("model", step));
    }

    public long modelMicros() {
        return nanos[MODEL] / 1000;
    }

    public long ioMicros() {
        return nanos[IO] / 1000;
    }

    private <T> T timed(int kind, Supplier<T> step) {
        long t0 = System.nanoTime();
        try {
            return step.get();
        } finally {
            nanos[kind] += System.nanoTime() - t0;
        }
    }

    /** The stage's record of this call: who, with which model, when its input was received, and the split. */
    public StageInfo info(String stage, String modelId, String modelVersion, RecordMeta meta) {
        return info(stage, modelId, modelVersion, Instant.ofEpochMilli(meta.receivedAt()), Instant.ofEpochMilli(meta.timestamp()),
                modelMicros(), ioMicros());
    }

    /** The same record from plain values, for a stage whose input is not one record (the enhancer's join). */
    public static StageInfo info(String stage, String modelId, String modelVersion, Instant receivedAt, Instant upstreamAt,
                                 long modelMicros, long ioMicros) {
        return StageInfo.newBuilder().setStage(stage).setModelId(modelId).setModelVersion(modelVersion)
                .setReceivedAt(receivedAt).setUpstreamAt(upstreamAt)
                .setModelMicros(modelMicros).setIoMicros(ioMicros).build();
    }
}
