package io.editstream.local.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The fault plan: every kind killed once first, both replicas of a doubled stage, one broker restart, one S3 outage. */
class FaultPlanTest {
    private static final List<String> PROCESSES = List.of("cue-extractor-1", "diffusion-renderer-1", "diffusion-renderer-2",
            "enhancer-1", "gateway-1", "reasoner-1", "scorer-1");

    @Test
    void theFirstKillsCoverEveryKindAndBothReplicas() {
        FaultPlan plan = FaultPlan.of(PROCESSES, 60_000, 3_000, 7);
        List<String> firstKills = plan.faults().stream().filter(f -> f.kind() == FaultPlan.Kind.KILL).limit(7)
                .map(FaultPlan.Fault::target).toList();
        assertThat(firstKills).containsExactlyInAnyOrderElementsOf(PROCESSES);
        // the first round waits for its very targets; later kills may go to another settled process
        assertThat(plan.faults().stream().filter(f -> f.kind() == FaultPlan.Kind.KILL).map(FaultPlan.Fault::exact))
                .startsWith(true, true, true, true, true, true, true).endsWith(false);
        assertThat(plan.faults().stream().filter(f -> f.kind() == FaultPlan.Kind.KILL)).hasSize(19);   // 3 s .. 57 s
        assertThat(plan.killsPerKind()).containsKeys("cue-extractor", "diffusion-renderer", "enhancer", "gateway", "reasoner", "scorer");
        assertThat(plan.faults()).filteredOn(f -> f.kind() == FaultPlan.Kind.BROKER_RESTART).singleElement()
                .satisfies(f -> assertThat(f.atMs()).isEqualTo(21_000));
        assertThat(plan.faults()).filteredOn(f -> f.kind() == FaultPlan.Kind.S3_OUTAGE).singleElement()
                .satisfies(f -> assertThat(f.atMs()).isEqualTo(39_000));
        assertThat(plan.faults()).isSortedAccordingTo(java.util.Comparator.comparingLong(FaultPlan.Fault::atMs));
    }

    @Test
    void aShortLoadStillKillsEveryKindAndTheSameSeedGivesTheSamePlan() {
        FaultPlan plan = FaultPlan.of(PROCESSES, 5_000, 3_000, 1);
        assertThat(plan.faults().stream().filter(f -> f.kind() == FaultPlan.Kind.KILL).map(FaultPlan.Fault::target))
                .containsExactlyInAnyOrderElementsOf(PROCESSES);
        assertThat(FaultPlan.of(PROCESSES, 5_000, 3_000, 1)).isEqualTo(plan);
        assertThat(FaultPlan.of(PROCESSES, 5_000, 3_000, 2)).isNotEqualTo(plan);
    }

    @Test
    void aZeroIntervalIsRefused() {
        assertThatThrownBy(() -> FaultPlan.of(PROCESSES, 5_000, 0, 1)).hasMessageContaining("--kill-interval");
    }
}
