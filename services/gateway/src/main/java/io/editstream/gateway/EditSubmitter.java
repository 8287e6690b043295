package io.editstream.gateway;

import io.editstream.events.EditRequested;
import io.editstream.events.ImageRef;
import io.editstream.events.RequestContext;
import io.editstream.kafka.AckedProducer;
import io.editstream.kafka.KafkaSettings;
import io.editstream.kafka.Topics;
import io.editstream.storage.ObjectKeys;
import io.editstream.storage.ObjectStore;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Accepts a validated request: stores the images first, then publishes {@code EditRequested}; the caller answers
 * 202 only once the broker's acknowledgement completes the returned future, so a 202 always means the request is
 * durable and the event never points to an image that is not there. The gateway is the only writer of {@code gateway.edit.requested}.
 */
public final class EditSubmitter implements AutoCloseable {
    private final AckedProducer producer;
    private final ObjectStore store;

    public EditSubmitter(KafkaSettings kafka, ObjectStore store) {
        this.producer = new AckedProducer(kafka, "gateway");
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
        ImageRef sourceRef = put(ObjectKeys.source(request.tenant(), id, upload.source().info().extension()), upload.source());
        UploadValidator.Image reference = upload.reference();
        ImageRef referenceRef = reference == null ? null : put(ObjectKeys.reference(request.tenant(), id, reference.info().extension()), reference);
        EditRequested event = EditRequested.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setRequestId(id)
                .setTenant(request.tenant())
                .setOccurredAt(Instant.now())
                .setContext(RequestContext.newBuilder().setSource(sourceRef).setInstruction(request.instruction())
                        .setOptions(request.options()).setReference(referenceRef).setSubmittedAt(now)
                        .setBenchmark(request.benchmark()).build())
                .build();
        return producer.send(Topics.EDIT_REQUESTED, id, event).thenApply(acked -> id);
    }

    private ImageRef put(String key, UploadValidator.Image image) {
        return store.putImage(key, image.bytes(), image.info().contentType(), image.info().width(), image.info().height());
    }

    /** True when the producer can reach the cluster (readiness). */
    public boolean connected() {
        return producer.reaches(Topics.EDIT_REQUESTED);
    }

    @Override
    public void close() {
        producer.close();
    }
}
