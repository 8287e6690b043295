package io.editstream.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.editstream.events.StageInfo;
import io.editstream.kafka.StageHandler.RecordMeta;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Model and I/O time are counted apart, a step that throws still counts, and StageInfo carries the split. */
class StageTimerTest {

    @Test
    void countsModelAndIoApartAndWritesTheStageInfo() {
        StageTimer timer = new StageTimer();
        assertThat(timer.io(() -> sleep(20, "read"))).isEqualTo("read");
        assertThat(timer.model(() -> sleep(40, "ran"))).isEqualTo("ran");
        assertThatThrownBy(() -> timer.io(() -> {
            sleep(20, "");
            throw new IllegalStateException("S3 down");
        })).hasMessage("S3 down");

        assertThat(timer.ioMicros()).isBetween(40_000L, 2_000_000L);
        assertThat(timer.modelMicros()).isBetween(40_000L, 2_000_000L);
        StageInfo info = timer.info("reasoner", "clip", "3", new RecordMeta("t", 0, 1, 1_000, 2_000));
        assertThat(info.getStage()).isEqualTo("reasoner");
        assertThat(info.getModelId()).isEqualTo("clip");
        assertThat(info.getModelVersion()).isEqualTo("3");
        assertThat(info.getUpstreamAt()).isEqualTo(Instant.ofEpochMilli(1_000));
        assertThat(info.getReceivedAt()).isEqualTo(Instant.ofEpochMilli(2_000));
        assertThat(info.getModelMicros()).isEqualTo(timer.modelMicros());
        assertThat(info.getIoMicros()).isEqualTo(timer.ioMicros());
    }

    private static String sleep(long ms, String result) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return result;
    }
}
