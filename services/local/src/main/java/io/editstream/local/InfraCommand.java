package io.editstream.local;

import io.editstream.kafka.TopicAdmin;
import io.editstream.kafka.Topics;
import io.editstream.storage.ObjectStore;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The broker and the S3 endpoint alone, for services started as separate processes ({@code editstream service
 * NAME}) and for clients in any language: fixed ports, credentials from flags or environment, everything kept
 * under the data folder across restarts, and the connection settings printed and written to
 * {@code <data-dir>/connection.env}.
 */
@Command(name = "infra", mixinStandardHelpOptions = true,
        description = {"Run the embedded Kafka broker and S3 endpoint alone, until Ctrl-C.",
            "Topics, offsets and objects are kept under --data-dir and resumed by the next start; the connection settings",
            "are printed and written to <data-dir>/connection.env, e.g. for: set -a; . editstream-data/connection.env; set +a;"
                    + " editstream service reasoner"})
public final class InfraCommand implements Callable<Integer> {
    @Option(names = "--data-dir", defaultValue = "editstream-data",
            description = "Where the broker's logs and the S3 objects are kept (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Mixin
    InfraOptions infraOptions = new InfraOptions(9092, 9000);

    @Option(names = "--bucket", defaultValue = "${env:S3_BUCKET:-" + StackOptions.DEFAULT_BUCKET + "}",
            description = "Bucket to create (default: env S3_BUCKET, else ${DEFAULT-VALUE}).")
    String bucket;

    @Option(names = "--partitions", defaultValue = "3", description = "Partitions per pipeline topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--only", description = "Run only one half: KAFKA or S3 ('editstream up' runs them as two processes, so either can fail"
            + " alone); connection.env is then left to whoever started both.")
    EmbeddedInfra.Part only;

    @Override
    public Integer call() throws Exception {
        Path dir = dataDir.toAbsolutePath();
        Set<EmbeddedInfra.Part> parts = only == null ? EnumSet.allOf(EmbeddedInfra.Part.class) : EnumSet.of(only);
        EmbeddedInfra infra = EmbeddedInfra.start(dir,
                infraOptions.settings(), bucket, parts);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            infra.close();
            stopped.countDown();
        }, "editstream-shutdown"));
        if (infra.has(EmbeddedInfra.Part.KAFKA)) {
            TopicAdmin.ensureTopics(infra.kafka(), Topics.all(), partitions, (short) 1);
        }
        if (infra.has(EmbeddedInfra.Part.S3)) {
            try (ObjectStore store = ObjectStore.connect(infra.storage())) {
                store.ensureBucket();
            }
        }
        if (only != null) {
            System.out.println("EditStream " + (only == EmbeddedInfra.Part.KAFKA ? "broker is up at " + infra.kafka().bootstrapServers()
                    : "S3 endpoint is up at " + infra.storage().endpoint()) + " (data in " + dir + "); Ctrl-C stops it.");
            stopped.await();
            return 0;
        }
        Map<String, String> values = ConnectionFile.values(infra.kafka(), infra.storage(), Optional.empty());
        Path file = ConnectionFile.write(dir, "editstream infra", values);
        System.out.println();
        System.out.println("EditStream infrastructure is up (" + (infra.newCluster() ? "new cluster" : "topics, offsets and objects resumed")
                + ", data in " + dir + "); Ctrl-C stops it.");
        values.forEach((k, v) -> System.out.println("  " + k + "=" + v));
        System.out.println("Written to " + file + "; run a service on it with:");
        System.out.println("  set -a; . " + file + "; set +a; ./editstream service reasoner");
        stopped.await();
        return 0;
    }
}
