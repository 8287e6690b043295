package io.editstream.service;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Every HTTP refusal or failure of an EditStream API: an HTTP status, a stable error code a program can switch on and
 * a reason a person can act on, sent as {@code {"error": code, "reason": reason}}.
 */
public record ApiError(int status, String code, String reason) {
    /** Seconds a client is asked to wait before retrying a 503: a broker or object store usually returns within it. */
    public static final int RETRY_AFTER_SECONDS = 5;

    public static ApiError badRequest(String code, String reason) {
        return new ApiError(400, code, reason);
    }

    public static ApiError notFound(String reason) {
        return new ApiError(404, "not_found", reason);
    }

    public static ApiError unavailable(String reason) {
        return new ApiError(503, "unavailable", reason);
    }

    public JsonObject toJson() {
        return new JsonObject().put("error", code).put("reason", reason);
    }

    /** Answers with this error, unless the response has already ended. */
    public void send(HttpServerResponse response) {
        if (!response.ended()) {
            response.setStatusCode(status).putHeader("content-type", "application/json");
            if (status == 503) {
                // a dependency is away: say when to come back rather than leave the client guessing or hanging
                response.putHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
            }
            response.end(toJson().encode());
        }
    }

    public void send(RoutingContext ctx) {
        send(ctx.response());
    }
}
