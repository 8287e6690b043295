package io.editstream.gateway;

import io.editstream.events.EditRequested;
import io.editstream.events.ImageRef;
import io.editstream.events.RequestContext;
import io.editstream.kafka.AckedProducer;
import io.editstream.kafka.KafkaSettings;
import io.editstream.kafka.Topics;
import io.editstream.storage.ObjectKeys;
import io.editstream.storage.ObjectStore;
import io.editstream.tracing.TraceLogs;
import io.editstream.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Accepts a validated request: stores the images first, then publishes {@code EditRequested}; the caller answers
 * 202 only once the broker's acknowledgement completes the returned future, so a 202 always means the request is
 * durable and the event never points to an image that is not there. The gateway is the only writer of {@code gateway.edit.requested}.
 * Each submission is the root span of its request's trace (or continues the caller's {@code traceparent}), with
 * the image uploads as child spans; the event carries the trace on in its {@code traceparent} header.
 */
public final class EditSubmitter implements AutoCloseable {
    /** An accepted request: its id, and the trace that follows it through the stages. */
    public record Submitted(String id, String traceId) {
    }

    private final AckedProducer producer;
    private final ObjectStore store;
    private final Tracing tracing;

    public EditSubmitter(KafkaSettings kafka, ObjectStore store, Tracing tracing) {
        this.producer = new AckedProducer(kafka, "gateway");
        this.store = store;
        this.tracing = tracing;
    }

    /**
     * Stores a validated upload's images, then sends its {@code EditRequested}; the future completes with the new
     * request id (and its trace id) once the broker has acknowledged it. Storing blocks (and so may the send, while the producer looks
     * up the topic, at most {@code max.block.ms}), so call it off the event loop; nothing waits for the ack.
     */
    public CompletableFuture<Submitted> submit(UploadValidator.ValidUpload upload, String traceparent) {
        String id = UUID.randomUUID().toString();
        RecordHeaders caller = new RecordHeaders();
        if (traceparent != null) {
            caller.add(Tracing.TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8));
        }
        Context upstream = tracing.extract(caller);
        Span span = tracing.start("gateway submit", SpanKind.SERVER, upstream);
        span.setAttribute("editstream.request_id", id);
        span.setAttribute("editstream.tenant", upload.request().tenant());
        Context context = tracing.with(upstream, span);
        String traceId = span.getSpanContext().getTraceId();
        try (Scope ignored = context.makeCurrent(); TraceLogs logs = TraceLogs.of(span)) {
            RecordHeaders headers = new RecordHeaders();
            EditRequested event = event(id, upload);
            tracing.published(context, Topics.EDIT_REQUESTED.name(), headers);
            return producer.send(Topics.EDIT_REQUESTED, id, event, headers).whenComplete((acked, e) -> {
                if (e != null) {
                    Tracing.failed(span, e);
                }
                span.end();
            }).thenApply(acked -> new Submitted(id, traceId));
        } catch (RuntimeException e) {
            Tracing.failed(span, e);
            span.end();
            throw e;
        }
    }

    private EditRequested event(String id, UploadValidator.ValidUpload upload) {
        Instant now = Instant.now();
        EditRequestParser.ParsedRequest request = upload.request();
        ImageRef sourceRef = put(ObjectKeys.source(request.tenant(), id, upload.source().info().extension()), upload.source());
        UploadValidator.Image reference = upload.reference();
        ImageRef referenceRef = reference == null ? null : put(ObjectKeys.reference(request.tenant(), id, reference.info().extension()), reference);
        return EditRequested.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setRequestId(id)
                .setTenant(request.tenant())
                .setOccurredAt(Instant.now())
                .setContext(RequestContext.newBuilder().setSource(sourceRef).setInstruction(request.instruction())
                        .setOptions(request.options()).setReference(referenceRef).setSubmittedAt(now)
                        .setBenchmark(request.benchmark()).build())
                .build();
    }

    private ImageRef put(String key, UploadValidator.Image image) {
        return Tracing.inChild("s3 put", () -> store.putImage(key, image.bytes(), image.info().contentType(),
                image.info().width(), image.info().height()));
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
