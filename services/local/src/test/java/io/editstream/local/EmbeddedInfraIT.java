package io.editstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.editstream.kafka.KafkaSettings;
import io.editstream.kafka.TopicAdmin;
import io.editstream.storage.ObjectStore;
import io.editstream.storage.StorageSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The infrastructure of a data folder comes back as it was: same broker and S3 addresses, same credentials,
 * same topics and objects, unless told otherwise.
 */
class EmbeddedInfraIT {
    @TempDir
    Path dataDir;

    @Test
    void aRestartKeepsAddressesCredentialsTopicsAndObjects() throws Exception {
        KafkaSettings kafka;
        StorageSettings storage;
        try (EmbeddedInfra first = EmbeddedInfra.start(dataDir,
                new EmbeddedInfra.Settings(0, 0, Optional.of("given-key"), Optional.of("given-secret")), "editstream")) {
            assertThat(first.newCluster()).isTrue();
            kafka = first.kafka();
            storage = first.storage();
            assertThat(storage.accessKey()).isEqualTo("given-key");
            assertThat(storage.secretKey()).isEqualTo("given-secret");
            TopicAdmin.ensureTopics(kafka, List.of("kept-topic"), 1, (short) 1);
            try (ObjectStore store = ObjectStore.connect(storage)) {
                store.ensureBucket();
                store.putImage("kept/object.png", "still here".getBytes(StandardCharsets.UTF_8), "image/png", 1, 1);
            }
        }

        try (EmbeddedInfra second = EmbeddedInfra.start(dataDir, EmbeddedInfra.Settings.remembered(), "editstream")) {
            assertThat(second.newCluster()).isFalse();
            assertThat(second.kafka().bootstrapServers()).isEqualTo(kafka.bootstrapServers());
            assertThat(second.storage()).usingRecursiveComparison().isEqualTo(storage);
            try (Admin admin = second.broker().admin()) {
                assertThat(admin.listTopics().names().get()).contains("kept-topic");
            }
            try (ObjectStore store = ObjectStore.connect(second.storage())) {
                assertThat(new String(store.get(store.uri("kept/object.png")), StandardCharsets.UTF_8)).isEqualTo("still here");
            }
            assertThatThrownBy(() -> EmbeddedInfra.start(dataDir, EmbeddedInfra.Settings.remembered(), "editstream"))
                    .as("the same folder twice").hasMessageContaining("in use");
        }

        try (EmbeddedInfra third = EmbeddedInfra.start(dataDir,
                new EmbeddedInfra.Settings(0, 0, Optional.empty(), Optional.of("new-secret")), "editstream")) {
            assertThat(third.storage().accessKey()).as("kept").isEqualTo("given-key");
            assertThat(third.storage().secretKey()).as("replaced").isEqualTo("new-secret");
        }
    }
}
