package io.editstream.simulator;

/**
 * Thrown when an edit would not make exactly one meaningful change to a scene — it changes the
 * wrong property or more than one, changes nothing visible, or leaves an invalid scene. The message
 * names the edit and what is wrong with it.
 */
public class InvalidEditException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidEditException(String message) {
        super(message);
    }
}
