package io.editstream.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;

/** Turns a request's credential into a {@link Caller}; a missing or wrong one fails with an {@link AuthException}. */
public interface Authenticator {

    Future<Caller> authenticate(HttpServerRequest request);

    /** The authenticator {@code settings} ask for (checked first: an open gateway must have been allowed). */
    static Future<Authenticator> of(Vertx vertx, AuthSettings settings) {
        try {
            settings.checked();
            return switch (settings.mode()) {
                case NONE -> Future.succeededFuture(request -> Future.succeededFuture(Caller.anonymous()));
                case API_KEY -> Future.succeededFuture(new ApiKeyAuthenticator(ApiKeys.load(settings.keysFile().orElseThrow())));
                case JWT -> JwtAuthenticator.start(vertx, settings.jwt()).map(a -> (Authenticator) a);
            };
        } catch (IOException | RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    /** The bearer token of {@code Authorization: Bearer ...}, else the {@code X-API-Key} header, else null. */
    static String credential(HttpServerRequest request) {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).strip();
        }
        return request.getHeader("X-API-Key");
    }
}
