package io.editstream.storage;

/** The object a claim-check points to is not in storage (never written, or deleted). */
public class MissingObjectException extends RuntimeException {
    public MissingObjectException(String message) {
        super(message);
    }
}
