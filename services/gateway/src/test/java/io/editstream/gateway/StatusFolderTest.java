package io.editstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.events.EditState;
import io.editstream.events.EditStatus;
import io.editstream.events.StageProgress;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class StatusFolderTest {
    static EditStatus fold(String id, List<SpecificRecord> events) {
        EditStatus status = null;
        for (SpecificRecord e : events) {
            status = StatusFolder.apply(id, status, StatusFolder.delta(e));
        }
        return status;
    }

    @Test
    void aRequestMovesThroughItsStates() {
        String id = "r1";
        EditStatus queued = fold(id, List.of(Events.requested(id)));
        assertThat(queued.getState()).isEqualTo(EditState.QUEUED);
        assertThat(queued.getRequestId()).isEqualTo(id);
        assertThat(queued.getSource()).isEqualTo("s3://b/requests/r1/source.png");
        EditStatus running = fold(id, List.of(Events.requested(id), Events.guidance(id)));
        assertThat(running.getState()).isEqualTo(EditState.RUNNING);
        assertThat(running.getExplicitInstruction()).isEqualTo("move the ball to the floor");
        assertThat(running.getReasoningType().name()).isEqualTo("PHYSICAL");
        StageProgress reasoner = running.getStages().get("reasoner");
        assertThat(reasoner.getModelMs()).isEqualTo(5.0);
        assertThat(reasoner.getIoMs()).isEqualTo(0.7);
        assertThat(reasoner.getProcessingMs()).isEqualTo(100L);   // received at 2000, produced at 2100
        assertThat(reasoner.getAt()).isEqualTo(Instant.ofEpochMilli(2100));
        assertThat(reasoner.getModel()).isEqualTo("m@1");
        assertThat(running.getStages()).doesNotContainKey("scorer");
        EditStatus scored = fold(id, List.of(Events.requested(id), Events.guidance(id), Events.rendered(id), Events.scored(id)));
        assertThat(scored.getState()).isEqualTo(EditState.SCORED);
        assertThat(scored.getOutput()).isEqualTo("s3://b/results/r1/edited.png");
        assertThat(scored.getScores()).containsEntry("clip_t", 0.3);
        assertThat(scored.getCopyBaseline()).containsEntry("clip_t", 0.2);
        assertThat(scored.getInstruction()).isEqualTo("what if the ball fell?");
    }

    @Test
    void outOfOrderEventsNeverMoveTheStateBackwards() {
        String id = "r2";
        EditStatus status = fold(id, List.of(Events.scored(id), Events.guidance(id), Events.requested(id), Events.rendered(id)));
        assertThat(status.getState()).isEqualTo(EditState.SCORED);
        assertThat(status.getExplicitInstruction()).isNotNull();
        assertThat(status.getTenant()).isEqualTo("default");
        assertThat(status.getStages().keySet()).contains("reasoner", "scorer", "diffusion-renderer");
    }

    @Test
    void theFirstTerminalStateWinsAndLateEventsOnlyFillIn() {
        String id = "r3";
        EditStatus failed = fold(id, List.of(Events.requested(id), Events.failed(id, "enhancer", "no cues within 60 s"),
                Events.scored(id)));
        assertThat(failed.getState()).isEqualTo(EditState.FAILED);
        assertThat(failed.getFailure().getStage()).isEqualTo("enhancer");
        assertThat(failed.getFailure().getReason()).contains("no cues");
        assertThat(failed.getScores()).containsEntry("clip_t", 0.3);   // missing before, so filled in
        EditStatus scored = fold(id, List.of(Events.scored(id), Events.failed(id, "scorer", "late")));
        assertThat(scored.getState()).isEqualTo(EditState.SCORED);
        assertThat(scored.getFailure()).isNull();
    }

    @Test
    void theRevisionCountsOnlyChanges() {
        String id = "r4";
        EditStatus once = fold(id, List.of(Events.requested(id)));
        assertThat(once.getRevision()).isEqualTo(1);
        EditStatus replayed = StatusFolder.apply(id, once, StatusFolder.delta(Events.requested(id)));
        assertThat(replayed).isEqualTo(once);
        EditStatus next = StatusFolder.apply(id, once, StatusFolder.delta(Events.guidance(id)));
        assertThat(next.getRevision()).isEqualTo(2);
        EditStatus ignored = StatusFolder.apply(id, fold(id, List.of(Events.scored(id))), StatusFolder.delta(Events.failed(id, "x", "y")));
        assertThat(ignored.getRevision()).isEqualTo(1);
    }
}
