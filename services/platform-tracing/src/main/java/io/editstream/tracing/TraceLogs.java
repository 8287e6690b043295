package io.editstream.tracing;

import io.opentelemetry.api.trace.Span;
import org.slf4j.MDC;

/** Puts a span's trace id in the log context for the lines written while it is open ({@code %X{traceId}}). */
public final class TraceLogs implements AutoCloseable {
    private final String previous;

    private TraceLogs(String traceId) {
        previous = MDC.get(Tracing.LOG_KEY);
        MDC.put(Tracing.LOG_KEY, traceId);
    }

    /** Until closed, log lines of this thread name {@code span}'s trace. */
    public static TraceLogs of(Span span) {
        return of(span.getSpanContext().getTraceId());
    }

    /** The same for a trace known by its id (a line written after the span ended, on another thread). */
    public static TraceLogs of(String traceId) {
        return new TraceLogs(traceId);
    }

    @Override
    public void close() {
        if (previous == null) {
            MDC.remove(Tracing.LOG_KEY);
        } else {
            MDC.put(Tracing.LOG_KEY, previous);
        }
    }
}
