package io.editstream.local;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Closes what it was given in reverse order, each even when an earlier one fails (the first failure is thrown,
 * the others suppressed into it), unless released: a half-opened set of models is closed, a fully opened one kept.
 */
final class Closer implements AutoCloseable {
    private final Deque<AutoCloseable> held = new ArrayDeque<>();

    <T extends AutoCloseable> T keep(T resource) {
        held.push(resource);
        return resource;
    }

    /** No longer closes {@code resource} (another resource now owns it). */
    void forget(AutoCloseable resource) {
        held.remove(resource);
    }

    /** Nothing is closed after this: the caller keeps every resource. */
    void release() {
        held.clear();
    }

    @Override
    public void close() {
        RuntimeException first = null;
        while (!held.isEmpty()) {
            try {
                held.pop().close();
            } catch (Exception e) {
                RuntimeException failure = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                if (first == null) {
                    first = failure;
                } else {
                    first.addSuppressed(failure);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
