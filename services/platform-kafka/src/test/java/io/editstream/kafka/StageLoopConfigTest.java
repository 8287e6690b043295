package io.editstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.junit.jupiter.api.Test;

/** Stage loop defaults and the client settings exactly-once depends on, which extra properties cannot override. */
class StageLoopConfigTest {
    private static final KafkaSettings KAFKA = new KafkaSettings("broker:9092",
            Map.of("isolation.level", "read_uncommitted", "enable.auto.commit", "true", "acks", "1",
                    "max.poll.records", "4", "transactional.id", "fixed"));

    @Test
    void defaultsFollowTheContract() {
        StageLoopConfig cfg = StageLoopConfig.defaults(KAFKA, "scorer");
        assertThat(cfg.groupId()).isEqualTo("scorer");
        assertThat(cfg.maxAttempts()).isEqualTo(3);
        assertThat(cfg.retryBackoff()).isEqualTo(Duration.ofMillis(200));
        assertThat(cfg.maxPollInterval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(cfg.backoffAfter(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(cfg.backoffAfter(2)).isEqualTo(Duration.ofMillis(400));
        assertThat(cfg.backoffAfter(3)).isEqualTo(Duration.ofMillis(800));
    }

    @Test
    void invalidSettingsAreRefusedWithTheirName() {
        assertThatThrownBy(() -> new StageLoopConfig(KAFKA, "s", "g", 0, Duration.ZERO, Duration.ofMinutes(1)))
                .hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> new StageLoopConfig(KAFKA, " ", "g", 1, Duration.ZERO, Duration.ofMinutes(1)))
                .hasMessageContaining("service name");
        assertThatThrownBy(() -> new StageLoopConfig(KAFKA, "s", "g", 1, Duration.ZERO, Duration.ofMillis(10)))
                .hasMessageContaining("maxPollInterval");
    }

    @Test
    void exactlyOnceSettingsCannotBeOverriddenButTuningCan() {
        StageLoopConfig cfg = StageLoopConfig.defaults(KAFKA, "scorer").withMaxPollInterval(Duration.ofSeconds(90));

        Map<String, Object> consumer = StageClients.consumer(cfg, "abc");
        assertThat(consumer).containsEntry("bootstrap.servers", "broker:9092")
                .containsEntry("group.id", "scorer")
                .containsEntry("isolation.level", "read_committed")
                .containsEntry("enable.auto.commit", false)
                .containsEntry("max.poll.interval.ms", 90_000)
                .containsEntry("max.poll.records", "4");

        String txId = StageClients.newTransactionalId(cfg);
        assertThat(txId).startsWith("scorer-").isNotEqualTo(StageClients.newTransactionalId(cfg));
        Map<String, Object> producer = StageClients.producer(cfg, txId);
        assertThat(producer).containsEntry("transactional.id", txId)
                .containsEntry("enable.idempotence", true)
                .containsEntry("acks", "all");
    }

    @Test
    void batchesAreSmallByDefault() {
        Map<String, Object> consumer = StageClients.consumer(StageLoopConfig.defaults(KafkaSettings.of("b:1"), "s"), "x");
        assertThat(consumer).containsEntry("max.poll.records", StageClients.MAX_POLL_RECORDS)
                .containsEntry("auto.offset.reset", "earliest");
    }

    @Test
    void aStaticMemberHasAStableGroupInstanceAndTransactionalId() {
        StageLoopConfig dynamic = StageLoopConfig.defaults(KafkaSettings.of("b:1"), "diffusion-renderer");
        assertThat(StageClients.consumer(dynamic, "x")).doesNotContainKey("group.instance.id")
                .containsEntry("partition.assignment.strategy", CooperativeStickyAssignor.class.getName());
        assertThat(StageClients.newTransactionalId(dynamic)).isNotEqualTo(StageClients.newTransactionalId(dynamic));

        StageLoopConfig member = dynamic.withInstanceId("diffusion-renderer-1-loop0");
        assertThat(StageClients.consumer(member, "x")).containsEntry("group.instance.id", "diffusion-renderer-1-loop0");
        assertThat(StageClients.newTransactionalId(member)).isEqualTo("diffusion-renderer-diffusion-renderer-1-loop0")
                .isEqualTo(StageClients.newTransactionalId(member));
        assertThat(StageClients.producer(member, "t")).containsEntry("transaction.timeout.ms", 15_000);
    }
}
