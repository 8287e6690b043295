package io.editstream.gateway;

import io.editstream.events.EditRequested;
import io.editstream.events.ImageRef;
import io.editstream.events.RequestContext;
import io.editstream.kafka.KafkaSettings;
import io.editstream.kafka.Topics;
import io.editstream.storage.ObjectKeys;
import io.editstream.storage.ObjectStore;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Accepts a validated request: stores the images first, then publishes {@code EditRequested}; the caller answers
 * 202 only once the broker's acknowledgement completes the returned future, so a 202 always means the request is
 * durable and the event never points to an image that is not there. The gateway is the only writer of {@code gateway.edit.requested}.
 */
public final class EditSubmitter implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final ObjectStore store;

    public EditSubmitter(KafkaSettings kafka, ObjectStore store) {
        Properties props = kafka.base();
        props.put("acks", "all");
        props.put("enable.idempotence", "true");
        props.put("linger.ms", "0");
        props.put("delivery.timeout.ms", "30000");
        // bounds how long a send (and the readiness probe's metadata call) waits for an absent broker
        props.put("max.block.ms", "10000");
        props.put("client.id", "gateway-" + UUID.randomUUID().toString().substring(0, 8));
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.store = store;
    }

    /**
     * Stores a validated upload's images, then sends its {@code EditRequested}; the future completes with the new
     * request id once the broker has acknowledged it. Storing blocks (and so may the send, while the producer looks
     * up the topic, at most {@code max.block.ms}), so call it off the event loop; nothing waits for the ack.
     */
    public CompletableFuture<String> submit(UploadValidator.ValidUpload upload) {
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now();
        EditRequestParser.ParsedRequest request = upload.request();
        ImageRef sourceRef = put(ObjectKeys.source(id, upload.source().info().extension()), upload.source());
        UploadValidator.Image reference = upload.reference();
        ImageRef referenceRef = reference == null ? null : put(ObjectKeys.reference(id, reference.info().extension()), reference);
        EditRequested event = EditRequested.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setRequestId(id)
                .setTenant(request.tenant())
                .setOccurredAt(Instant.now())
                .setContext(RequestContext.newBuilder().setSource(sourceRef).setInstruction(request.instruction())
                        .setOptions(request.options()).setReference(referenceRef).setSubmittedAt(now)
                        .setBenchmark(request.benchmark()).build())
                .build();
        CompletableFuture<String> acked = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(Topics.EDIT_REQUESTED.name(), id, Topics.EDIT_REQUESTED.serde().encode(event)),
                (metadata, e) -> {
                    if (e == null) {
                        acked.complete(id);
                    } else {
                        acked.completeExceptionally(e);
                    }
                });
        return acked;
    }

    private ImageRef put(String key, UploadValidator.Image image) {
        return store.putImage(key, image.bytes(), image.info().contentType(), image.info().width(), image.info().height());
    }

    /** True when the producer can reach the cluster (readiness). */
    public boolean connected() {
        try {
            producer.partitionsFor(Topics.EDIT_REQUESTED.name());
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
