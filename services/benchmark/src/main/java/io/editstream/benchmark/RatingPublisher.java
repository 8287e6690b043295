package io.editstream.benchmark;

import io.editstream.events.RatingSubmitted;
import io.editstream.kafka.AckedProducer;
import io.editstream.kafka.KafkaSettings;
import io.editstream.kafka.Topics;
import java.util.concurrent.CompletableFuture;

/**
 * Stores human ratings durably: each is published to {@code gateway.rating.submitted} (keyed by the rated
 * request id, like every event) and acknowledged by all replicas before the page is told it was saved.
 * The gateway is the topic's only writer.
 */
public final class RatingPublisher implements AutoCloseable {
    private final AckedProducer producer;

    public RatingPublisher(KafkaSettings kafka) {
        this.producer = new AckedProducer(kafka, "gateway-ratings");
    }

    /**
     * Sends the rating; the future completes when every replica has it. The send itself may block while the producer
     * looks up the topic (at most {@code max.block.ms}), so call it off the event loop.
     */
    public CompletableFuture<Void> publish(RatingSubmitted rating) {
        return producer.send(Topics.RATING_SUBMITTED, rating.getRequestId(), rating);
    }

    @Override
    public void close() {
        producer.close();
    }
}
