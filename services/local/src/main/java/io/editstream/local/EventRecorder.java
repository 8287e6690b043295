package io.editstream.local;

import io.editstream.kafka.KafkaSettings;
import io.editstream.kafka.Topic;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Watches pipeline topics as a downstream consumer would (read_committed) and notes, per topic and
 * request id, the event and the wall-clock moment it became readable — the end of a hop.
 */
public final class EventRecorder implements AutoCloseable {

    /** An event and when it became visible to consumers. */
    public record Seen(SpecificRecord event, long visibleAtMillis) {
    }

    private final Map<String, Topic<?>> topics = new HashMap<>();
    private final Map<String, Map<String, Seen>> seen = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean assigned;

    public EventRecorder(KafkaSettings kafka, List<Topic<?>> watched) {
        watched.forEach(t -> topics.put(t.name(), t));
        Properties props = kafka.base();
        props.put("group.id", "editstream-recorder-" + UUID.randomUUID());
        props.put("isolation.level", "read_committed");
        props.put("auto.offset.reset", "latest");
        props.put("enable.auto.commit", "false");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(topics.keySet());
        thread = new Thread(() -> loop(consumer), "event-recorder");
        thread.setDaemon(true);
        thread.start();
    }

    /** Blocks until the consumer has its partitions (so nothing produced afterwards is missed). */
    public void awaitAssignment(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!assigned && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (!assigned) {
            throw new IllegalStateException("recorder got no partitions within " + timeout);
        }
    }

    private void loop(KafkaConsumer<String, byte[]> consumer) {
        try (consumer) {
            while (running) {
                var records = consumer.poll(Duration.ofMillis(5));
                long now = System.currentTimeMillis();
                if (!consumer.assignment().isEmpty() && !assigned) {
                    // resolve the start positions now, so nothing produced after awaitAssignment() is missed
                    consumer.assignment().forEach(consumer::position);
                    assigned = true;
                }
                for (ConsumerRecord<String, byte[]> record : records) {
                    Topic<?> topic = topics.get(record.topic());
                    SpecificRecord event = topic.serde().decode(record.value());
                    seen.computeIfAbsent(record.topic(), t -> new ConcurrentHashMap<>())
                            .putIfAbsent(record.key(), new Seen(event, now));
                }
                if (!records.isEmpty()) {
                    synchronized (this) {
                        notifyAll();
                    }
                }
            }
        }
    }

    public Seen get(Topic<?> topic, String requestId) {
        return seen.getOrDefault(topic.name(), Map.of()).get(requestId);
    }

    /**
     * Waits until the event for requestId shows up on topic; null on timeout. Woken by each batch the recorder
     * takes in, so many concurrent waiters (the throughput benchmark's) do not spin on a sleep.
     */
    public Seen await(Topic<?> topic, String requestId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Seen s;
        synchronized (this) {
            while ((s = get(topic, requestId)) == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }
        return s;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
