package io.editstream.auth;

/** A request without a valid credential: answered 401 with the reason. */
public final class AuthException extends RuntimeException {
    public AuthException(String reason) {
        super(reason, null, false, false);
    }
}
