package io.editstream.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The work of one transaction, gathered in memory while the handler runs: records to send, the input
 * offsets they answer, outcome counts and the failure log lines. Nothing reaches the broker until the loop
 * commits, so a transaction is open there only for the milliseconds of the send, and a stage that dies
 * mid-inference leaves no open transaction to stall read_committed readers downstream.
 */
final class PendingCommit {
    private final List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    private final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    private final Map<String, Integer> outcomes = new HashMap<>();
    private final List<String> failureLines = new ArrayList<>();
    private final long openedNanos = System.nanoTime();
    private int inputs;

    void add(ConsumerRecord<?, ?> source, List<ProducerRecord<byte[], byte[]>> produced, String outcome, String failureLine) {
        inputs++;
        records.addAll(produced);
        // The committed offset is the next one to read.
        offsets.put(new TopicPartition(source.topic(), source.partition()), new OffsetAndMetadata(source.offset() + 1));
        outcomes.merge(outcome, 1, Integer::sum);
        if (failureLine != null) {
            failureLines.add(failureLine);
        }
    }

    boolean isEmpty() {
        return inputs == 0;
    }

    int inputs() {
        return inputs;
    }

    /**
     * Time spent gathering this commit, handler time included: when it is long the stage is slow, and its
     * results should not wait for more slow records before they become visible.
     */
    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - openedNanos);
    }

    List<ProducerRecord<byte[], byte[]>> records() {
        return records;
    }

    Map<TopicPartition, OffsetAndMetadata> offsets() {
        return offsets;
    }

    Map<String, Integer> outcomes() {
        return outcomes;
    }

    List<String> failureLines() {
        return failureLines;
    }
}
