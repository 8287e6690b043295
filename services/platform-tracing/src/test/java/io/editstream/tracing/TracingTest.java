package io.editstream.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class TracingTest {
    private final Tracing gateway = Tracing.local("gateway");
    private final Tracing reasoner = Tracing.local("reasoner");

    @Test
    void aPublishedRecordMakesTheNextServicesSpanAChildInTheSameTrace() {
        Span root = gateway.start("gateway submit", SpanKind.SERVER, gateway.extract(null));
        RecordHeaders headers = new RecordHeaders();
        gateway.published(gateway.with(Context.root(), root), "gateway.edit.requested", headers);
        root.end();

        String traceparent = new String(headers.lastHeader(Tracing.TRACEPARENT).value(), StandardCharsets.UTF_8);
        assertThat(traceparent).matches("00-" + root.getSpanContext().getTraceId() + "-[0-9a-f]{16}-0[13]");
        assertThat(Tracing.traceId(headers)).isEqualTo(root.getSpanContext().getTraceId());

        Context upstream = reasoner.extract(headers);
        Span stage = reasoner.start("reasoner process", SpanKind.CONSUMER, upstream);
        assertThat(stage.getSpanContext().getTraceId()).isEqualTo(root.getSpanContext().getTraceId());
        // the parent is the publish span the header names, not the gateway's root
        assertThat(traceparent).contains(Span.fromContext(upstream).getSpanContext().getSpanId());
        assertThat(Span.fromContext(upstream).getSpanContext().getSpanId()).isNotEqualTo(root.getSpanContext().getSpanId());
        stage.end();
    }

    @Test
    void publishingReplacesTheUpstreamTraceparentRatherThanAddingASecond() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Tracing.TRACEPARENT, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01".getBytes(StandardCharsets.UTF_8));
        Span span = reasoner.start("reasoner process", SpanKind.CONSUMER, reasoner.extract(headers));
        reasoner.published(reasoner.with(Context.root(), span), "reasoner.guidance.produced", headers);
        assertThat(headers.headers(Tracing.TRACEPARENT)).hasSize(1);
        assertThat(Tracing.traceId(headers)).isEqualTo("0af7651916cd43dd8448eb211c80319c");
    }

    @Test
    void aMissingOrMalformedTraceparentStartsANewTrace() {
        RecordHeaders forged = new RecordHeaders();
        forged.add(Tracing.TRACEPARENT, "not-a-traceparent".getBytes(StandardCharsets.UTF_8));
        assertThat(Tracing.traceId(forged)).isNull();
        assertThat(Tracing.traceId(new RecordHeaders())).isNull();
        Span span = reasoner.start("reasoner process", SpanKind.CONSUMER, reasoner.extract(forged));
        assertThat(span.getSpanContext().isValid()).isTrue();
        assertThat(((io.opentelemetry.sdk.trace.ReadableSpan) span).getParentSpanContext().isValid()).isFalse();
    }

    @Test
    void recordsPublishedWithoutATraceparentJoinTheTraceTheirRequestIdNames() {
        Span reasoning = reasoner.start("reasoner process", SpanKind.CONSUMER, reasoner.extract(new RecordHeaders(), "req-1"));
        Span cues = Tracing.local("cue-extractor").start("cue-extractor process", SpanKind.CONSUMER,
                Tracing.local("cue-extractor").extract(null, "req-1"));
        assertThat(cues.getSpanContext().getTraceId()).isEqualTo(reasoning.getSpanContext().getTraceId())
                .isEqualTo(Tracing.traceId(new RecordHeaders(), "req-1"))
                .isNotEqualTo(Tracing.traceId(null, "req-2"));
        RecordHeaders named = new RecordHeaders();
        named.add(Tracing.TRACEPARENT, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01".getBytes(StandardCharsets.UTF_8));
        assertThat(Tracing.traceId(named, "req-1")).as("a header wins").isEqualTo("0af7651916cd43dd8448eb211c80319c");
    }

    @Test
    void childSpansOpenOnlyInsideAServicesSpanAndRecordFailures() {
        assertThat(Tracing.inChild("model", () -> Span.current().getSpanContext().isValid())).as("no service span: no child").isFalse();
        Span stage = reasoner.start("reasoner process", SpanKind.CONSUMER, reasoner.extract(null));
        try (Scope ignored = reasoner.with(Context.root(), stage).makeCurrent()) {
            String childTrace = Tracing.inChild("model", () -> Span.current().getSpanContext().getTraceId());
            assertThat(childTrace).isEqualTo(stage.getSpanContext().getTraceId());
            assertThat(Tracing.inChild("model", () -> Span.current().getSpanContext().getSpanId()))
                    .isNotEqualTo(stage.getSpanContext().getSpanId());
            assertThatThrownBy(() -> Tracing.inChild("s3 get", () -> {
                throw new IllegalStateException("no such key");
            })).hasMessage("no such key");
        }
        stage.end();
    }

    @Test
    void logLinesNameTheTraceWhileTheSpanIsOpen() {
        Span span = reasoner.start("reasoner process", SpanKind.CONSUMER, reasoner.extract(null));
        try (TraceLogs ignored = TraceLogs.of(span)) {
            assertThat(MDC.get(Tracing.LOG_KEY)).isEqualTo(span.getSpanContext().getTraceId());
        }
        assertThat(MDC.get(Tracing.LOG_KEY)).isNull();
    }

    @Test
    void theEndpointIsTheCollectorsBaseUrlAsOtelGivesIt() {
        assertThat(Tracing.tracesUrl("http://collector:4318")).isEqualTo("http://collector:4318/v1/traces");
        assertThat(Tracing.tracesUrl("http://collector:4318/")).isEqualTo("http://collector:4318/v1/traces");
        assertThat(Tracing.tracesUrl("http://collector:4318/v1/traces")).isEqualTo("http://collector:4318/v1/traces");
    }
}
