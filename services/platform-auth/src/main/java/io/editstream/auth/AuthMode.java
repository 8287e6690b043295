package io.editstream.auth;

import java.util.Locale;

/** How the gateway learns who is calling: an API key, an OIDC/JWT bearer token, or not at all. */
public enum AuthMode {
    API_KEY, JWT, NONE;

    public static AuthMode parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (t) {
            case "api-key", "apikey" -> API_KEY;
            case "jwt", "oidc" -> JWT;
            case "none", "" -> NONE;
            default -> throw new IllegalArgumentException("auth.mode must be api-key, jwt or none, got '" + text + "'");
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
