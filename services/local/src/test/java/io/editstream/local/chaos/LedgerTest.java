package io.editstream.local.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.editstream.events.EditFailed;
import io.editstream.events.EditScored;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The audit's verdict: a request with no terminal event is lost, two terminal events or two events on one topic are a duplicate. */
class LedgerTest {
    @Test
    void lostRequestsAreGroupedByWhereTheyStopped() {
        Ledger ledger = new Ledger(Set.of("a", "b", "c", "d"));
        List<String> order = List.of("requested", "guidance", "cues", "scored");
        for (String id : List.of("a", "b", "c")) {
            ledger.event("requested", 1, id);
            ledger.event("cues", 1, id);
        }
        ledger.event("guidance", 1, "c");
        ledger.scored("scored", scored("c"));

        assertThat(ledger.stalls(order)).containsExactly(entry("nowhere", 1L), entry("requested+cues p1", 2L));
    }

    @Test
    void lostAndDuplicatedRequestsAreNamed() {
        Ledger ledger = new Ledger(Set.of("a", "b", "c", "d"));
        ledger.event("gateway.edit.requested", "a");
        ledger.event("gateway.edit.requested", "b");
        ledger.event("gateway.edit.requested", "b");        // b published twice
        ledger.event("gateway.edit.requested", "someone-else");
        ledger.scored("scorer.edit.scored", scored("a"));
        ledger.scored("scorer.edit.scored", scored("b"));
        ledger.failed("enhancer.edit.failed", failed("c", "no guidance within 60 s"));
        ledger.scored("scorer.edit.scored", scored("c"));    // c ended twice

        assertThat(ledger.allTerminal()).isFalse();
        assertThat(ledger.lost()).containsExactly("d");
        assertThat(ledger.duplicated()).containsExactly("b", "c");
        assertThat(ledger.duplicatesPerTopic()).containsEntry("gateway.edit.requested", 1L);
        assertThat(ledger.terminal().get("c").failed().getReason()).isEqualTo("no guidance within 60 s");
    }

    private static EditScored scored(String id) {
        EditScored e = new EditScored();
        e.setRequestId(id);
        e.setOccurredAt(Instant.ofEpochMilli(1000));
        return e;
    }

    private static EditFailed failed(String id, String reason) {
        EditFailed e = new EditFailed();
        e.setRequestId(id);
        e.setReason(reason);
        e.setOccurredAt(Instant.ofEpochMilli(1000));
        return e;
    }
}
