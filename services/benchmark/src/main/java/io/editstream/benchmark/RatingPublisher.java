package io.editstream.benchmark;

import io.editstream.events.RatingSubmitted;
import io.editstream.kafka.KafkaSettings;
import io.editstream.kafka.Topics;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Stores human ratings durably: each is published to {@code gateway.rating.submitted} (keyed by the rated
 * request id, like every event) and acknowledged by all replicas before the page is told it was saved.
 * The gateway is the topic's only writer.
 */
public final class RatingPublisher implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;

    public RatingPublisher(KafkaSettings kafka) {
        Properties props = kafka.base();
        props.put("acks", "all");
        props.put("enable.idempotence", "true");
        props.put("linger.ms", "0");
        props.put("max.block.ms", "10000");
        props.put("client.id", "gateway-ratings-" + UUID.randomUUID().toString().substring(0, 8));
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Sends the rating; the future completes when every replica has it. The send itself may block while the producer
     * looks up the topic (at most {@code max.block.ms}), so call it off the event loop.
     */
    public CompletableFuture<Void> publish(RatingSubmitted rating) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(Topics.RATING_SUBMITTED.name(), rating.getRequestId(),
                Topics.RATING_SUBMITTED.serde().encode(rating)), (metadata, e) -> {
                    if (e == null) {
                        acked.complete(null);
                    } else {
                        acked.completeExceptionally(e);
                    }
                });
        return acked;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
