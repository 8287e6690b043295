package io.editstream.auth;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code auth} section of the gateway's config: {@code mode} (api-key | jwt | none), {@code keysFile} (the API
 * keys, hashed; {@code editstream keys add} writes it), {@code allowAnonymous} (an open gateway must say so), and
 * for JWT the JWKS URL, the expected issuer and audience, and the claim that names the tenant.
 */
public record AuthSettings(AuthMode mode, Optional<Path> keysFile, boolean allowAnonymous, Jwt jwt) {

    /** Where a token's signing keys are and what a valid token must say. */
    public record Jwt(String jwksUrl, Optional<String> issuer, Optional<String> audience, String tenantClaim) {
    }

    public static AuthSettings open() {
        return new AuthSettings(AuthMode.NONE, Optional.empty(), true, new Jwt("", Optional.empty(), Optional.empty(), "tenant"));
    }

    public static AuthSettings from(JsonObject auth) {
        JsonObject a = auth == null ? new JsonObject() : auth;
        JsonObject jwt = a.getJsonObject("jwt", new JsonObject());
        return new AuthSettings(AuthMode.parse(a.getString("mode", "none")), text(a, "keysFile").map(Path::of),
                Boolean.parseBoolean(String.valueOf(a.getValue("allowAnonymous", false))),
                new Jwt(text(jwt, "jwksUrl").orElse(""), text(jwt, "issuer"), text(jwt, "audience"),
                        text(jwt, "tenantClaim").orElse("tenant")));
    }

    /** Refuses a setting that cannot work, with what to do instead: the gateway then does not start. */
    public AuthSettings checked() {
        switch (mode) {
            case NONE -> {
                if (!allowAnonymous) {
                    throw new IllegalArgumentException("auth.mode is none, so anyone could submit and read every tenant's edits: "
                            + "set auth.mode=api-key with auth.keysFile (create keys with `editstream keys add --tenant T --file F`), "
                            + "or auth.mode=jwt with auth.jwt.jwksUrl, or say auth.allowAnonymous=true (AUTH_ALLOW_ANONYMOUS=true)");
                }
            }
            case API_KEY -> {
                if (keysFile.isEmpty()) {
                    throw new IllegalArgumentException("auth.mode is api-key but auth.keysFile (AUTH_KEYS_FILE) is not set: "
                            + "create one with `editstream keys add --tenant T --file F`");
                }
            }
            case JWT -> {
                if (jwt.jwksUrl().isBlank()) {
                    throw new IllegalArgumentException("auth.mode is jwt but auth.jwt.jwksUrl (AUTH_JWT_JWKS_URL) is not set");
                }
            }
        }
        return this;
    }

    private static Optional<String> text(JsonObject json, String key) {
        Object value = json.getValue(key);
        return value == null || String.valueOf(value).isBlank() ? Optional.empty() : Optional.of(String.valueOf(value).trim());
    }
}
