package io.editstream.gateway;

import io.editstream.auth.CallerHandler;
import io.editstream.events.EditStatus;
import io.editstream.service.ApiError;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * {@code GET /v1/edits/{id}/events}: server-sent events of one edit. The stream follows the status view's pushes
 * ({@link StatusListeners}) from before it reads the current status, sends that first, then every newer status as
 * it is folded, and ends after a terminal state (or after 30 minutes); a client that goes away unsubscribes. A
 * request not known yet is followed until it appears. Every {@value #RESYNC_MS} ms the stream also re-reads the
 * store: a push cannot cover a status the view could not answer for while it rebalanced, or one restored into it
 * afterwards, and without the re-read such a stream would wait out its 30 minutes.
 * <p>
 * An authenticated caller sees only its tenant's statuses. For it, an edit it cannot see (unknown, or another
 * tenant's) is waited for {@value #AUTHENTICATED_WAIT_MS} ms and then answered 404, the same for both, so the answer
 * never confirms that another tenant's edit exists; the headers go out only once there is a status to send.
 */
final class StatusEvents {
    private static final long MAX_MS = 30 * 60 * 1000;
    static final long RESYNC_MS = 2000;
    static final long AUTHENTICATED_WAIT_MS = 10_000;

    private final Vertx vertx;
    private final StatusView view;
    private final StatusListeners listeners;

    StatusEvents(Vertx vertx, StatusView view, StatusListeners listeners) {
        this.vertx = vertx;
        this.view = view;
        this.listeners = listeners;
    }

    void handle(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        boolean scoped = CallerHandler.caller(ctx).authenticated();
        HttpServerResponse response = ctx.response();
        Context context = vertx.getOrCreateContext();
        StatusFollower follower = new StatusFollower();
        AtomicBoolean closed = new AtomicBoolean();
        AtomicBoolean opened = new AtomicBoolean();
        long[] timers = {-1, -1, -1};
        Runnable[] unsubscribe = {() -> { }};
        Runnable close = () -> {
            if (closed.compareAndSet(false, true)) {
                unsubscribe[0].run();
                for (long timer : timers) {
                    vertx.cancelTimer(timer);
                }
                if (!response.ended() && !response.closed()) {
                    response.end();
                }
            }
        };
        Runnable open = () -> {
            if (opened.compareAndSet(false, true)) {
                vertx.cancelTimer(timers[2]);
                response.setChunked(true).putHeader("content-type", "text/event-stream").putHeader("cache-control", "no-cache");
                response.write(": status of " + id + "\n\n");   // sends the headers now, before the first status exists
            }
        };
        Consumer<EditStatus> send = raw -> {
            EditStatus status = EditApi.visible(ctx, raw);
            if (closed.get() || (status == null && !opened.get())) {
                return;
            }
            open.run();
            follower.next(status).ifPresent(response::write);
            if (follower.done()) {
                close.run();
            }
        };
        unsubscribe[0] = listeners.subscribe(id, status -> context.runOnContext(v -> send.accept(status)));
        response.closeHandler(v -> close.run());
        timers[0] = vertx.setTimer(MAX_MS, t -> close.run());
        timers[1] = vertx.setPeriodic(RESYNC_MS, t -> {
            if (closed.get()) {
                vertx.cancelTimer(t);   // closed by a push before this timer existed
            } else {
                send.accept(view.get(id));
            }
        });
        if (scoped) {
            timers[2] = vertx.setTimer(AUTHENTICATED_WAIT_MS, t -> {
                if (!opened.get() && closed.compareAndSet(false, true)) {
                    unsubscribe[0].run();
                    vertx.cancelTimer(timers[0]);
                    vertx.cancelTimer(timers[1]);
                    ApiError.notFound("no edit " + id).send(response);
                }
            });
        } else {
            open.run();
        }
        send.accept(view.get(id));
    }
}
