package io.editstream.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.Router;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * JWT bearer tokens against a JWKS endpoint. The identity provider is a stand-in served in this test: an HTTP server
 * answering the provider's JWKS URL with an RFC 7517 key set ({"keys": [{kty, kid, alg, use, n, e}]}), as Keycloak,
 * Auth0 or Dex publish theirs; the tokens are RS256-signed by its private key, with Vert.x auth-jwt.
 */
class JwtAuthenticatorTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static Vertx vertx;
    static HttpServer idp;
    static HttpServer api;
    static JWTAuth signer;
    static JWTAuth stranger;

    /** The identity provider's JWKS endpoint, then an API route behind a {@link CallerHandler} in JWT mode. */
    @BeforeAll
    static void start() throws Exception {
        KeyPair pair = rsa();
        vertx = Vertx.vertx();
        JsonObject jwk = new JsonObject().put("kty", "RSA").put("kid", "k1").put("alg", "RS256").put("use", "sig")
                .put("n", base64url(((RSAPublicKey) pair.getPublic()).getModulus()))
                .put("e", base64url(((RSAPublicKey) pair.getPublic()).getPublicExponent()));
        Router jwks = Router.router(vertx);
        jwks.get("/.well-known/jwks.json").handler(ctx -> ctx.json(new JsonObject().put("keys", new JsonArray().add(jwk))));
        idp = await(vertx.createHttpServer().requestHandler(jwks).listen(0));
        signer = signer(pair, "k1");
        stranger = signer(rsa(), "k1");

        AuthSettings.Jwt settings = new AuthSettings.Jwt("http://localhost:" + idp.actualPort() + "/.well-known/jwks.json",
                Optional.of("https://idp.example"), Optional.of("editstream"), "org/tenant");
        Authenticator authenticator = await(JwtAuthenticator.start(vertx, settings));
        Router router = Router.router(vertx);
        router.route("/v1/*").handler(new CallerHandler(authenticator, AuthMode.JWT));
        router.get("/v1/who").handler(ctx -> {
            Caller caller = CallerHandler.caller(ctx);
            ctx.json(new JsonObject().put("tenant", caller.tenant().orElse(null)).put("name", caller.name()));
        });
        api = await(vertx.createHttpServer().requestHandler(router).listen(0));
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aValidTokenNamesItsTenantFromTheConfiguredClaim() throws Exception {
        HttpResponse<String> who = who(token(signer, "https://idp.example", "editstream", 60));
        assertThat(who.statusCode()).as(who.body()).isEqualTo(200);
        assertThat(new JsonObject(who.body())).isEqualTo(new JsonObject().put("tenant", "acme").put("name", "user-7"));
    }

    @Test
    void aTokenThatIsNotTheProvidersIsRefused() throws Exception {
        assertThat(who(token(stranger, "https://idp.example", "editstream", 60)).statusCode()).as("another key").isEqualTo(401);
        assertThat(who(token(signer, "https://evil.example", "editstream", 60)).statusCode()).as("another issuer").isEqualTo(401);
        assertThat(who(token(signer, "https://idp.example", "other-app", 60)).statusCode()).as("another audience").isEqualTo(401);
        assertThat(who(token(signer, "https://idp.example", "editstream", -120)).statusCode()).as("expired").isEqualTo(401);
        String noTenant = signer.generateToken(new JsonObject().put("sub", "u"), options("https://idp.example", "editstream", 60));
        HttpResponse<String> refused = who(noTenant);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(new JsonObject(refused.body()).getString("reason")).contains("org/tenant");
        assertThat(who(null).statusCode()).isEqualTo(401);
        assertThat(who("not.a.jwt").headers().firstValue("www-authenticate")).hasValue("Bearer");
    }

    private static String token(JWTAuth by, String issuer, String audience, int expiresInSeconds) {
        JsonObject claims = new JsonObject().put("sub", "user-7").put("org", new JsonObject().put("tenant", "acme"));
        if (expiresInSeconds < 0) {
            // an exp in the past, beyond the verifier's leeway (the signer only writes future ones itself)
            long now = System.currentTimeMillis() / 1000;
            claims.put("iat", now + 2L * expiresInSeconds).put("exp", now + expiresInSeconds);
        }
        return by.generateToken(claims, options(issuer, audience, expiresInSeconds));
    }

    private static JWTOptions options(String issuer, String audience, int expiresInSeconds) {
        JWTOptions options = new JWTOptions().setAlgorithm("RS256").setIssuer(issuer).setAudience(java.util.List.of(audience));
        if (expiresInSeconds > 0) {
            options.setExpiresInSeconds(expiresInSeconds);
        } else {
            options.setNoTimestamp(true);
        }
        return options;
    }

    private static HttpResponse<String> who(String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + api.actualPort() + "/v1/who"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JWTAuth signer(KeyPair pair, String kid) {
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        return JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions().setAlgorithm("RS256").setId(kid)
                .setBuffer(pem)));
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static String base64url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        int skip = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOfRange(bytes, skip, bytes.length));
    }

    private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
}
