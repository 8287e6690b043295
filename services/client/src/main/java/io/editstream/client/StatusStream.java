package io.editstream.client;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One connection to an edit's server-sent events ({@code GET /v1/edits/{id}/events}): every {@code status} event
 * goes to the listener until the server sends a terminal state, closes the stream, or the deadline passes. The
 * lines are queued by the HTTP client's own threads, so waiting for the next one is bounded by the deadline and
 * the connection is cancelled however the wait ends.
 */
final class StatusStream implements Flow.Subscriber<String> {
    /** How a stream ended: a terminal status, the server closed it early, the server refused SSE, or the deadline. */
    enum End { TERMINAL, CLOSED, REFUSED, DEADLINE }

    private static final Object COMPLETE = new Object();

    private final BlockingQueue<Object> lines = new LinkedBlockingQueue<>();
    private final SseParser parser = new SseParser();
    private volatile Flow.Subscription subscription;

    private StatusStream() {
    }

    /** Follows {@code events} until it ends; {@code deadline} is a {@link System#nanoTime()} instant. */
    static End follow(HttpClient http, HttpRequest.Builder events, long deadline, Consumer<JsonObject> onStatus)
            throws IOException, InterruptedException {
        StatusStream stream = new StatusStream();
        CompletableFuture<Boolean> accepted = new CompletableFuture<>();
        HttpRequest request = events.header("accept", "text/event-stream").GET().build();
        CompletableFuture<?> exchange = http.sendAsync(request, info -> {
            boolean sse = info.statusCode() == 200
                    && info.headers().firstValue("content-type").orElse("").startsWith("text/event-stream");
            accepted.complete(sse);
            return sse ? HttpResponse.BodySubscribers.fromLineSubscriber(stream) : HttpResponse.BodySubscribers.replacing(null);
        });
        exchange.whenComplete((r, e) -> {
            if (e != null) {
                accepted.completeExceptionally(e);
                stream.lines.add(e);
            }
        });
        try {
            if (!accepted.get(remainingMs(deadline), TimeUnit.MILLISECONDS)) {
                return End.REFUSED;
            }
            return stream.read(deadline, onStatus);
        } catch (TimeoutException e) {
            return End.DEADLINE;
        } catch (ExecutionException e) {
            throw new IOException("GET " + events + " failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            stream.cancel();
            exchange.cancel(true);
        }
    }

    private End read(long deadline, Consumer<JsonObject> onStatus) throws InterruptedException {
        while (true) {
            Object next = lines.poll(remainingMs(deadline), TimeUnit.MILLISECONDS);
            if (next == null) {
                return End.DEADLINE;
            }
            if (next == COMPLETE || next instanceof Throwable) {
                return End.CLOSED;   // the caller reconnects; the server sends the current status first
            }
            var event = parser.line((String) next);
            if (event.isPresent() && event.get().name().equals("status")) {
                JsonObject status = new JsonObject(event.get().data());
                onStatus.accept(status);
                if (EditClient.isTerminal(status)) {
                    return End.TERMINAL;
                }
            }
        }
    }

    private static long remainingMs(long deadline) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    private void cancel() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
        lines.add(line);
    }

    @Override
    public void onError(Throwable e) {
        lines.add(e);
    }

    @Override
    public void onComplete() {
        lines.add(COMPLETE);
    }
}
