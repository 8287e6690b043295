package io.editstream.kafka;

import io.editstream.kafka.StageHandler.RecordMeta;
import io.editstream.tracing.TraceLogs;
import io.editstream.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Turns one raw input record into the records that answer it: the encoded output keyed by request id, or,
 * when the input cannot be decoded, is rejected, or keeps failing, its dead-letter copy plus an EditFailed.
 * It talks to no broker, so every rule of a stage's delivery except the transaction itself is checked here.
 * Each record is one span of the stage, the child of the span that wrote it ({@code traceparent}); every record
 * of the answer carries the stage's own publish span on, and log lines written meanwhile name the trace.
 */
public final class RecordProcessor<I extends SpecificRecord, O extends SpecificRecord> {

    /** The answer to one input, ready to be added to the open transaction. */
    public record Result(List<ProducerRecord<byte[], byte[]>> records, String outcome, String failureLine) {
    }

    private final String service;
    private final AvroSerde<I> inputSerde;
    private final Topic<O> output;
    private final AvroSerde<O> outputSerde;
    private final StageHandler<I, O> handler;
    private final RetryingHandler retrying;
    private final FailureRecords failures;
    private final StageMetrics metrics;
    private final Clock clock;
    private final Tracing tracing;

    public RecordProcessor(String service, Topic<I> input, Topic<O> output, StageHandler<I, O> handler,
                           RetryingHandler retrying, StageMetrics metrics, Clock clock, Tracing tracing) {
        this.service = service;
        this.inputSerde = input.serde();
        this.output = output;
        this.outputSerde = output.serde();
        this.handler = handler;
        this.retrying = retrying;
        this.failures = new FailureRecords(service);
        this.metrics = metrics;
        this.clock = clock;
        this.tracing = tracing;
    }

    public String outputTopic() {
        return output.name();
    }

    /** Throws InterruptedException only when the loop must stop without committing this record. */
    public Result process(ConsumerRecord<byte[], byte[]> record, long receivedAt) throws InterruptedException {
        Context upstream = tracing.extract(record.headers(),
                record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8));
        Span span = tracing.start(service + " process", SpanKind.CONSUMER, upstream);
        span.setAttribute("messaging.system", "kafka");
        span.setAttribute("messaging.destination.name", record.topic());
        span.setAttribute("messaging.destination.partition.id", Integer.toString(record.partition()));
        span.setAttribute("messaging.kafka.offset", record.offset());
        Context context = tracing.with(upstream, span);
        try (Scope ignored = context.makeCurrent(); TraceLogs logs = TraceLogs.of(span)) {
            Result result = answer(record, receivedAt);
            span.setAttribute("editstream.outcome", result.outcome());
            if (result.failureLine() != null) {
                span.setStatus(StatusCode.ERROR, result.failureLine());
            }
            result.records().forEach(r -> tracing.published(context, r.topic(), r.headers()));
            return result;
        } finally {
            span.end();
        }
    }

    private Result answer(ConsumerRecord<byte[], byte[]> record, long receivedAt) throws InterruptedException {
        SourceCoordinates source = SourceCoordinates.of(record);
        String position = source.position();
        I input;
        try {
            input = inputSerde.decode(record.value());
        } catch (SerializationException e) {
            String requestId = RequestKeys.requestId(record.key(), null, position);
            return failure(source, requestId, "default", new StageOutcome.Failed<>(StageOutcome.Kind.DEAD_LETTERED, e, 0));
        }
        String requestId = RequestKeys.requestId(record.key(), input, position);
        Span.current().setAttribute("editstream.request_id", requestId);
        RecordMeta meta = new RecordMeta(record.topic(), record.partition(), record.offset(), record.timestamp(), receivedAt);
        long started = System.nanoTime();
        StageOutcome<O> outcome = retrying.run(requestId, () -> handler.handle(input, meta));
        metrics.recordProcessing(System.nanoTime() - started);
        if (outcome instanceof StageOutcome.Failed<O> failed) {
            return failure(source, requestId, RequestKeys.tenant(input), failed);
        }
        StageOutcome.Produced<O> produced = (StageOutcome.Produced<O>) outcome;
        byte[] value;
        try {
            value = outputSerde.encode(produced.value());
        } catch (SerializationException e) {
            // An output the schema refuses is a stage bug that a retry would repeat: fail the request.
            return failure(source, requestId, RequestKeys.tenant(input),
                    new StageOutcome.Failed<>(StageOutcome.Kind.FAILED, e, produced.attempts()));
        }
        byte[] key = requestId.getBytes(StandardCharsets.UTF_8);
        return new Result(List.of(new ProducerRecord<>(output.name(), key, value)), produced.label(), null);
    }

    private Result failure(SourceCoordinates source, String requestId, String tenant, StageOutcome.Failed<?> failed) {
        return new Result(failures.records(source, requestId, tenant, failed, clock.instant()), failed.label(),
                failures.line(source, requestId, failed));
    }
}
