package io.editstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.events.EditState;
import io.editstream.events.EditStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusListenersTest {
    private static EditStatus status(String id, long revision, EditState state) {
        return EditStatus.newBuilder().setRequestId(id).setRevision(revision).setState(state).build();
    }

    @Test
    void followersGetTheirRequestsStatusesUntilTheyUnsubscribe() {
        StatusListeners listeners = new StatusListeners();
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        Runnable stopA = listeners.subscribe("x", s -> a.add(s.getRequestId() + s.getRevision()));
        listeners.subscribe("x", s -> {
            throw new IllegalStateException("broken follower");
        });
        listeners.subscribe("y", s -> b.add(s.getRequestId() + s.getRevision()));
        listeners.accept("x", status("x", 1, EditState.QUEUED));
        listeners.accept("z", status("z", 1, EditState.QUEUED));
        stopA.run();
        listeners.accept("x", status("x", 2, EditState.RUNNING));
        listeners.accept("y", status("y", 1, EditState.QUEUED));
        assertThat(a).containsExactly("x1");
        assertThat(b).containsExactly("y1");
        assertThat(listeners.followers("x")).isEqualTo(1);
        assertThat(listeners.followers("z")).isZero();
    }

    @Test
    void aFollowerSendsOnlyNewerChangedStatusesAndStopsAfterATerminalOne() {
        StatusFollower follower = new StatusFollower();
        assertThat(follower.next(null)).isEmpty();
        assertThat(follower.next(status("f", 2, EditState.RUNNING))).hasValueSatisfying(frame -> assertThat(frame)
                .startsWith("event: status\ndata: {").contains("\"state\":\"RUNNING\"").endsWith("}\n\n"));
        assertThat(follower.next(status("f", 1, EditState.QUEUED))).as("older push").isEmpty();
        assertThat(follower.next(status("f", 2, EditState.RUNNING))).as("same").isEmpty();
        assertThat(follower.done()).isFalse();
        assertThat(follower.next(status("f", 3, EditState.SCORED))).isPresent();
        assertThat(follower.done()).isTrue();
        assertThat(follower.next(status("f", 4, EditState.SCORED))).isEmpty();
    }
}
