package io.editstream.auth;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;

/** API keys from a keys file, sent as {@code Authorization: Bearer <key>} or {@code X-API-Key: <key>}. */
final class ApiKeyAuthenticator implements Authenticator {
    private final ApiKeys keys;

    ApiKeyAuthenticator(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public Future<Caller> authenticate(HttpServerRequest request) {
        String key = Authenticator.credential(request);
        if (key == null || key.isBlank()) {
            return Future.failedFuture(new AuthException("send an API key as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'"));
        }
        return keys.find(key).map(e -> Future.succeededFuture(Caller.of(e.tenant(), e.name(), "api-key")))
                .orElseGet(() -> Future.failedFuture(new AuthException("the API key is not valid")));
    }
}
