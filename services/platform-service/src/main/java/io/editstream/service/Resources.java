package io.editstream.service;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a service opened, closed in the reverse order of opening: the consumers of a model or a store are
 * opened after it, so they stop before it goes. A resource that fails to close is logged and the rest are
 * still closed, so one stuck client never leaks the others.
 */
public final class Resources implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Resources.class);

    private final String service;
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    public Resources(String service) {
        this.service = service;
    }

    /** Registers {@code resource} to be closed before everything registered earlier; returns it. */
    public synchronized <T extends AutoCloseable> T own(T resource) {
        opened.push(resource);
        return resource;
    }

    @Override
    public void close() {
        while (true) {
            AutoCloseable next;
            synchronized (this) {
                next = opened.poll();
            }
            if (next == null) {
                return;
            }
            try {
                next.close();
            } catch (Exception e) {
                LOG.warn("{}: closing {} failed: {}", service, next.getClass().getSimpleName(), e.toString());
            } catch (Throwable e) {
                // keep closing the rest, then let the Error through
                close();
                throw e;
            }
        }
    }
}
