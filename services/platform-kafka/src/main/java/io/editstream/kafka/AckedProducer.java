package io.editstream.kafka;

import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A producer for events that a caller acknowledges to someone only once they are durable (the gateway's 202,
 * a saved rating): idempotent, acknowledged by all in-sync replicas, no linger, and bounded waits so an absent
 * broker fails a send in seconds instead of hanging it. {@link #send} never blocks on the acknowledgement.
 */
public final class AckedProducer implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;

    /** {@code clientPrefix} names the client in broker logs and metrics, with a random suffix per instance. */
    public AckedProducer(KafkaSettings kafka, String clientPrefix) {
        Properties props = kafka.base();
        props.put("acks", "all");
        props.put("enable.idempotence", "true");
        props.put("linger.ms", "0");
        props.put("delivery.timeout.ms", "30000");
        // bounds how long a send (and the readiness probe's metadata call) waits for an absent broker
        props.put("max.block.ms", "10000");
        props.put("client.id", clientPrefix + "-" + UUID.randomUUID().toString().substring(0, 8));
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Sends {@code value} keyed by {@code key}; the future completes once every in-sync replica has it. The call may
     * block while the producer looks the topic up (at most {@code max.block.ms}), so make it off the event loop.
     */
    public <V extends SpecificRecord> CompletableFuture<Void> send(Topic<V> topic, String key, V value) {
        return send(topic, key, value, new RecordHeaders());
    }

    /** The same, with {@code headers} on the record (its {@code traceparent}, say). */
    public <V extends SpecificRecord> CompletableFuture<Void> send(Topic<V> topic, String key, V value, Headers headers) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic.name(), null, key, topic.serde().encode(value), headers), (metadata, e) -> {
            if (e == null) {
                acked.complete(null);
            } else {
                acked.completeExceptionally(e);
            }
        });
        return acked;
    }

    /** True when the producer can reach the cluster and knows {@code topic} (readiness). */
    public boolean reaches(Topic<?> topic) {
        try {
            producer.partitionsFor(topic.name());
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
