package io.editstream.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.Test;

/** A single node can only host internal topics that ask for one replica, and must boot like a real broker. */
class EmbeddedKafkaConfigTest {
    @Test
    void internalTopicsFitOnOneNode() {
        assertThat(BrokerProperties.singleNode())
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("min.insync.replicas", "1")
                .containsEntry("group.initial.rebalance.delay.ms", "0")
                .containsEntry("num.partitions", "3");
    }

    @Test
    void bootsAtProductionFeatureLevelsWithTransactionsV2() {
        BootstrapMetadata bootstrap = KraftStorage.productionFeatures();
        assertThat(bootstrap.metadataVersion()).isEqualTo(MetadataVersion.latestProduction());
        assertThat(bootstrap.metadataVersion().isProduction()).isTrue();
        assertThat(bootstrap.featureLevel("transaction.version")).isGreaterThanOrEqualTo((short) 2);
        assertThat(bootstrap.featureLevel("group.version")).isGreaterThanOrEqualTo((short) 1);
    }
}
