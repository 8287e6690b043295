package io.editstream.local;

/**
 * Something the user got wrong (a missing file, a malformed one, a value out of range), as opposed to a
 * failure of the pipeline: {@link OneLineErrors} prints its message alone, with no stack trace and no
 * debugging hint, and exits 2, the code picocli also uses for bad options.
 */
public final class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
