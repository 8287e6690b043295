package io.editstream.kafka;

import org.apache.avro.specific.SpecificRecord;

/**
 * The business step of a stage: one decoded input event in, one output event out. Implementations are
 * plain classes (no Kafka or Vert.x types) and must be deterministic for a given input, because after a
 * crash the same input may be processed again (its output then replaces the aborted one).
 *
 * <p>Throw {@link RejectedInputException} for input that can never succeed; any other exception is
 * treated as transient and retried with backoff a bounded number of times before the request fails.
 */
@FunctionalInterface
public interface StageHandler<I extends SpecificRecord, O extends SpecificRecord> {
    O handle(I input, RecordMeta meta) throws Exception;

    /** What the loop knows of the input record, for timings and tracing. */
    record RecordMeta(String topic, int partition, long offset, long timestamp, long receivedAt) {
    }
}
