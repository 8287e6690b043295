package io.editstream.storage;

/** The stored bytes do not match the claim-check's size or SHA-256: the object was changed or truncated. */
public class CorruptObjectException extends RuntimeException {
    public CorruptObjectException(String message) {
        super(message);
    }
}
