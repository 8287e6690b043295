package io.editstream.gateway;

import io.editstream.events.EditStatus;
import java.util.Optional;

/**
 * What one server-sent-event stream still has to send: a status newer than the last one sent (by revision, as
 * pushes and the first store read may arrive out of order) and different from it, as an SSE {@code status} frame;
 * done once a terminal state has been sent.
 */
final class StatusFollower {
    private long revision = -1;
    private String lastJson;
    private boolean done;

    /** The frame to write for {@code status}, if any; null statuses (not known yet) send nothing. */
    Optional<String> next(EditStatus status) {
        if (done || status == null || status.getRevision() <= revision) {
            return Optional.empty();
        }
        revision = status.getRevision();
        done = StatusFolder.terminal(status.getState());
        String json = StatusJson.render(status).encode();
        if (json.equals(lastJson)) {
            return Optional.empty();
        }
        lastJson = json;
        return Optional.of("event: status\ndata: " + json + "\n\n");
    }

    boolean done() {
        return done;
    }
}
