package io.editstream.gateway;

import io.editstream.events.EditStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who follows which request's status in this JVM: the status view pushes every new status here (on its stream
 * thread), and each follower of that request id gets it. A follower must hand the status on quickly (to its own
 * thread); one that throws is logged and the others still get it.
 */
public final class StatusListeners implements BiConsumer<String, EditStatus> {
    private static final Logger LOG = LoggerFactory.getLogger(StatusListeners.class);

    private final Map<String, List<Consumer<EditStatus>>> byId = new ConcurrentHashMap<>();

    /** Follows {@code requestId}; run the returned action to stop. */
    public Runnable subscribe(String requestId, Consumer<EditStatus> follower) {
        byId.compute(requestId, (id, followers) -> {
            List<Consumer<EditStatus>> next = followers == null ? new CopyOnWriteArrayList<>() : followers;
            next.add(follower);
            return next;
        });
        return () -> byId.computeIfPresent(requestId, (id, followers) -> {
            followers.remove(follower);
            return followers.isEmpty() ? null : followers;
        });
    }

    /** How many followers there are of {@code requestId}. */
    public int followers(String requestId) {
        List<Consumer<EditStatus>> followers = byId.get(requestId);
        return followers == null ? 0 : followers.size();
    }

    @Override
    public void accept(String requestId, EditStatus status) {
        List<Consumer<EditStatus>> followers = byId.get(requestId);
        if (followers == null) {
            return;
        }
        for (Consumer<EditStatus> follower : followers) {
            try {
                follower.accept(status);
            } catch (RuntimeException e) {
                LOG.warn("a follower of {} failed: {}", requestId, e.toString());
            }
        }
    }
}
