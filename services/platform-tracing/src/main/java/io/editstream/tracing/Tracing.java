package io.editstream.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service's tracer. Every hop carries its context in the W3C {@code traceparent} Kafka header, so one request
 * is one trace across the six services; a service's span for a record is the child of the span that wrote it.
 * Spans are always made (the trace id is in the logs and the status even with no collector) and exported over
 * OTLP/HTTP only when an endpoint is configured. Each service has its own provider, named by {@code service.name},
 * so the six services of local mode show as six services, as they do in separate processes.
 */
public final class Tracing implements AutoCloseable {
    public static final String TRACEPARENT = "traceparent";
    /** The log context key the trace id goes under, for the log pattern's {@code %X{traceId}}. */
    public static final String LOG_KEY = "traceId";
    private static final Logger LOG = LoggerFactory.getLogger(Tracing.class);
    private static final ContextKey<Tracer> TRACER = ContextKey.named("editstream-tracer");
    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
    private static final AttributeKey<String> SERVICE_NAMESPACE = AttributeKey.stringKey("service.namespace");

    private final SdkTracerProvider provider;
    private final Tracer tracer;

    private Tracing(SdkTracerProvider provider) {
        this.provider = provider;
        this.tracer = provider.get("io.editstream");
    }

    /**
     * The tracer of {@code service}; spans go to the OTLP/HTTP collector at {@code otlpEndpoint} (its base URL, as
     * {@code OTEL_EXPORTER_OTLP_ENDPOINT} gives it: {@code /v1/traces} is added) when it is not blank.
     */
    public static Tracing forService(String service, String otlpEndpoint) {
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(SERVICE_NAME, service,
                SERVICE_NAMESPACE, "editstream")));
        SdkTracerProviderBuilder builder = SdkTracerProvider.builder().setResource(resource)
                .setSampler(Sampler.parentBased(Sampler.alwaysOn()));
        if (otlpEndpoint != null && !otlpEndpoint.isBlank()) {
            String url = tracesUrl(otlpEndpoint);
            builder.addSpanProcessor(BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder().setEndpoint(url)
                    .setTimeout(Duration.ofSeconds(10)).build()).setScheduleDelay(Duration.ofSeconds(1)).build());
            LOG.info("{} exports traces to {}", service, url);
        } else {
            // with no processor at all the SDK hands out invalid spans; ids are still wanted in logs and the status
            builder.addSpanProcessor(KeepIdsOnly.INSTANCE);
        }
        return new Tracing(builder.build());
    }

    /** A tracer that exports nothing (tests and tools that build a stage loop on their own). */
    public static Tracing local(String service) {
        return forService(service, null);
    }

    static String tracesUrl(String endpoint) {
        String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        return base.endsWith("/v1/traces") ? base : base + "/v1/traces";
    }

    /**
     * The context a record's {@code traceparent} names (none, or a malformed one, starts a new trace), carrying this
     * service's tracer so that {@link #inChild} can open child spans below whatever span is made current in it.
     */
    public Context extract(Headers headers) {
        return extract(headers, null);
    }

    /**
     * The same; a record with no valid {@code traceparent} (one published straight to the topic) continues the trace
     * derived from its request id, so the stages that read it independently still join one trace.
     */
    public Context extract(Headers headers, String requestId) {
        Context base = Context.root().with(TRACER, tracer);
        Context extracted = headers == null ? base : W3C.extract(base, headers, KafkaHeaders.GETTER);
        if (Span.fromContext(extracted).getSpanContext().isValid() || requestId == null || requestId.isEmpty()) {
            return extracted;
        }
        return base.with(Span.wrap(derived(requestId)));
    }

    /** A remote parent whose ids are the request id's SHA-256: the same in every service, and in the status view. */
    static SpanContext derived(String requestId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(requestId.getBytes(StandardCharsets.UTF_8));
            HexFormat hex = HexFormat.of();
            return SpanContext.createFromRemoteParent(hex.formatHex(hash, 0, 16), hex.formatHex(hash, 16, 24),
                    TraceFlags.getSampled(), TraceState.getDefault());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** A new span of this service below {@code parent} (and the parent's context, tracer included). */
    public Span start(String name, SpanKind kind, Context parent) {
        return tracer.spanBuilder(name).setSpanKind(kind).setParent(parent).startSpan();
    }

    /** {@code span} inside {@code parent}, with this service's tracer, ready to be made current. */
    public Context with(Context parent, Span span) {
        return parent.with(TRACER, tracer).with(span);
    }

    /** Writes {@code context}'s span as the {@code traceparent} header, replacing one copied from upstream. */
    public static void inject(Context context, Headers headers) {
        if (!Span.fromContext(context).getSpanContext().isValid()) {
            return;   // outside any span: whatever the record carries stays
        }
        headers.remove("tracestate");   // the setter replaces traceparent; an upstream tracestate would be left over
        W3C.inject(context, headers, KafkaHeaders.SETTER);
    }

    /**
     * A producer span for writing one record to {@code topic}, its context injected into the record's headers, so
     * the next stage's span is its child. Ended at once: the record joins a transaction that commits later.
     */
    public void published(Context parent, String topic, Headers headers) {
        Span span = tracer.spanBuilder("publish " + topic).setSpanKind(SpanKind.PRODUCER).setParent(parent)
                .setAttribute("messaging.system", "kafka").setAttribute("messaging.destination.name", topic)
                .setAttribute("messaging.operation.type", "publish").startSpan();
        inject(parent.with(span), headers);
        span.end();
    }

    /**
     * Runs {@code step} in a child span of the current one ({@code model}, {@code s3 get}...) when the current
     * context is a traced service's; otherwise just runs it. The span records a thrown exception as an error.
     */
    public static <T> T inChild(String name, Supplier<T> step) {
        Context current = Context.current();
        Tracer owner = current.get(TRACER);
        if (owner == null || !Span.fromContext(current).getSpanContext().isValid()) {
            return step.get();
        }
        Span span = owner.spanBuilder(name).setParent(current).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return step.get();
        } catch (RuntimeException | Error e) {
            failed(span, e);
            throw e;
        } finally {
            span.end();
        }
    }

    /** Marks {@code span} failed with {@code cause}. */
    public static void failed(Span span, Throwable cause) {
        span.recordException(cause);
        span.setStatus(StatusCode.ERROR, Objects.toString(cause.getMessage(), cause.getClass().getSimpleName()));
    }

    /** The trace id a {@code traceparent} header value names, or null when it is absent or malformed. */
    public static String traceId(Headers headers) {
        if (headers == null) {
            return null;
        }
        Span span = Span.fromContext(W3C.extract(Context.root(), headers, KafkaHeaders.GETTER));
        return span.getSpanContext().isValid() ? span.getSpanContext().getTraceId() : null;
    }

    /** The trace a request's record belongs to: its header's, else the one derived from its request id (see {@link #extract(Headers, String)}). */
    public static String traceId(Headers headers, String requestId) {
        String named = traceId(headers);
        return named != null || requestId == null || requestId.isEmpty() ? named : derived(requestId).getTraceId();
    }

    /** Sends what is buffered and stops exporting. */
    @Override
    public void close() {
        provider.shutdown().join(10, TimeUnit.SECONDS);
    }
}
