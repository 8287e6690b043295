package io.editstream.stage;

import io.editstream.events.StageInfo;
import io.editstream.kafka.StageHandler.RecordMeta;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Splits one handler call into model time and I/O time (object-store reads and writes) and writes the
 * {@link StageInfo} every stage event carries, so each stage reports its hop the same way and the benchmark
 * can subtract model time from the hop. Not thread-safe: one timer per call.
 */
public final class StageTimer {
    private long modelNanos;
    private long ioNanos;

    /** Runs an object-store step and counts its time as I/O. */
    public <T> T io(Supplier<T> step) {
        long t0 = System.nanoTime();
        try {
            return step.get();
        } finally {
            ioNanos += System.nanoTime() - t0;
        }
    }

    /** Runs a model step and counts its time as model time. */
    public <T> T model(Supplier<T> step) {
        long t0 = System.nanoTime();
        try {
            return step.get();
        } finally {
            modelNanos += System.nanoTime() - t0;
        }
    }

    public long modelMicros() {
        return modelNanos / 1000;
    }

    public long ioMicros() {
        return ioNanos / 1000;
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
