package io.editstream.local.chaos;

import io.editstream.kafka.KafkaSettings;
import io.editstream.kafka.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads every pipeline topic from the beginning with {@code read_committed} into a {@link Ledger}, until every
 * accepted request has a terminal event and the topics have been read to their ends, or the deadline passes.
 */
final class ChaosAudit {
    /** The pipeline's topics in the order a request passes them. */
    static final List<String> PIPELINE = List.of(Topics.EDIT_REQUESTED.name(), Topics.GUIDANCE_PRODUCED.name(),
            Topics.CUES_EXTRACTED.name(), Topics.CONDITIONING_PRODUCED.name(), Topics.IMAGE_RENDERED.name(), Topics.EDIT_SCORED.name());

    private ChaosAudit() {
    }

    /**
     * Per consumer group and partition, how far its committed offset is behind the partition's end (only those
     * behind): when requests are lost, this names the stage that stopped consuming.
     */
    static Map<String, Long> lag(KafkaSettings kafka) {
        Map<String, Long> out = new TreeMap<>();
        try (Admin admin = Admin.create(kafka.base())) {
            for (GroupListing group : admin.listGroups().all().get(10, TimeUnit.SECONDS)) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                committed.keySet().forEach(p -> latest.put(p, OffsetSpec.latest()));
                var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(10, TimeUnit.SECONDS);
                committed.forEach((p, offset) -> {
                    long behind = offset == null ? -1 : ends.get(p).offset() - offset.offset();
                    if (behind != 0) {
                        out.put(group.groupId() + " " + p, behind);
                    }
                });
            }
        } catch (Exception e) {
            out.put("(could not read: " + e.getMessage() + ")", -1L);
        }
        return out;
    }

    static Ledger read(KafkaSettings kafka, Set<String> accepted, Duration timeout) {
        Ledger ledger = new Ledger(accepted);
        Properties props = kafka.base();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<String> topics = new ArrayList<>(PIPELINE);
        Topics.STAGES.forEach(stage -> topics.add(Topics.failed(stage).name()));
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            topics.forEach(t -> consumer.partitionsFor(t, Duration.ofSeconds(30)).forEach(p -> partitions.add(new TopicPartition(t, p.partition()))));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    add(ledger, r);
                }
                if (ledger.allTerminal() && atEnd(consumer, partitions)) {
                    break;
                }
            }
        }
        return ledger;
    }

    private static void add(Ledger ledger, ConsumerRecord<String, byte[]> r) {
        if (r.key() == null) {
            return;
        }
        ledger.event(r.topic(), r.partition(), r.key());
        if (r.topic().equals(Topics.EDIT_SCORED.name())) {
            ledger.scored(r.topic(), Topics.EDIT_SCORED.serde().decode(r.value()));
        } else if (r.topic().endsWith(".edit.failed")) {
            ledger.failed(r.topic(), Topics.failed("x").serde().decode(r.value()));
        }
    }

    /** Whether the consumer stands at the last stable offset of every partition (nothing more committed to read). */
    private static boolean atEnd(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
        return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
    }
}
