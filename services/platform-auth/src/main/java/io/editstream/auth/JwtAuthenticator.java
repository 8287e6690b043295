package io.editstream.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OIDC / JWT bearer tokens, verified with Vert.x auth-jwt against the signing keys an identity provider publishes
 * at its JWKS URL (issuer and audience checked when configured). The tenant is the configured claim (a top-level
 * claim, or a {@code /}-separated path into nested ones). Keys rotate: a token that fails to verify makes the
 * authenticator fetch the JWKS again, at most once a minute, and try once more.
 */
final class JwtAuthenticator implements Authenticator {
    private static final Logger LOG = LoggerFactory.getLogger(JwtAuthenticator.class);
    private static final long REFRESH_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final Vertx vertx;
    private final HttpClient client;
    private final AuthSettings.Jwt settings;
    private volatile JWTAuth provider;
    private volatile long fetchedAt;

    private JwtAuthenticator(Vertx vertx, AuthSettings.Jwt settings) {
        this.client = vertx.createHttpClient();
        this.settings = settings;
        this.vertx = vertx;
    }

    static Future<JwtAuthenticator> start(Vertx vertx, AuthSettings.Jwt settings) {
        JwtAuthenticator authenticator = new JwtAuthenticator(vertx, settings);
        return authenticator.refresh().map(v -> authenticator);
    }

    @Override
    public Future<Caller> authenticate(HttpServerRequest request) {
        String token = Authenticator.credential(request);
        if (token == null || token.isBlank()) {
            return Future.failedFuture(new AuthException("send a bearer token as 'Authorization: Bearer <JWT>'"));
        }
        return verify(token).recover(first -> System.nanoTime() - fetchedAt < REFRESH_NANOS
                ? Future.failedFuture(first)
                : refresh().compose(v -> verify(token)))
                .recover(e -> Future.failedFuture(e instanceof AuthException ? e : new AuthException("the token is not valid: " + e.getMessage())))
                .compose(this::caller);
    }

    private Future<User> verify(String token) {
        return provider.authenticate(new TokenCredentials(token));
    }

    private Future<Caller> caller(User user) {
        JsonObject claims = user.attributes().getJsonObject("accessToken", new JsonObject());
        Object tenant = claim(claims, settings.tenantClaim());
        if (!(tenant instanceof String t) || !Tenants.NAME.matcher(t).matches()) {
            return Future.failedFuture(new AuthException("the token's '" + settings.tenantClaim() + "' claim names no valid tenant"));
        }
        return Future.succeededFuture(Caller.of(t, claims.getString("sub", "unknown"), "jwt"));
    }

    static Object claim(JsonObject claims, String path) {
        Object value = claims;
        for (String part : path.split("/")) {
            if (!(value instanceof JsonObject object)) {
                return null;
            }
            value = object.getValue(part);
        }
        return value;
    }

    /** Fetches the JWKS and builds a verifier of its keys. */
    private Future<Void> refresh() {
        fetchedAt = System.nanoTime();
        return client.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(settings.jwksUrl()))
                .compose(req -> req.send().compose(this::body))
                .map(body -> {
                    JsonArray keys = new JsonObject(body).getJsonArray("keys", new JsonArray());
                    List<JsonObject> jwks = new ArrayList<>();
                    keys.forEach(k -> jwks.add((JsonObject) k));
                    JWTOptions options = new JWTOptions();
                    settings.issuer().ifPresent(options::setIssuer);
                    settings.audience().ifPresent(a -> options.setAudience(List.of(a)));
                    provider = JWTAuth.create(vertx, new JWTAuthOptions().setJwks(jwks).setJWTOptions(options));
                    LOG.info("JWT verification keys: {} from {}", jwks.size(), settings.jwksUrl());
                    return (Void) null;
                })
                .recover(e -> Future.failedFuture(new IllegalStateException("cannot read the JWKS at " + settings.jwksUrl() + ": "
                        + e.getMessage(), e)));
    }

    private Future<Buffer> body(HttpClientResponse response) {
        if (response.statusCode() != 200) {
            return Future.failedFuture("HTTP " + response.statusCode());
        }
        return response.body();
    }
}
