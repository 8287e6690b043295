package io.editstream.storage;

/** Storage did not answer as expected (endpoint down, access denied, ...): usually transient, worth a retry. */
public class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
