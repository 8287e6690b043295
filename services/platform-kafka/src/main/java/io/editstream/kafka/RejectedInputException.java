package io.editstream.kafka;

/**
 * Thrown by a stage handler when an input record can never be processed (its image is missing from
 * storage, a tensor has the wrong shape, ...). The stage loop sends the record to the dead-letter topic
 * and a failed status for the request, and moves on; retrying would not help.
 */
public class RejectedInputException extends RuntimeException {
    public RejectedInputException(String message) {
        super(message);
    }

    public RejectedInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
