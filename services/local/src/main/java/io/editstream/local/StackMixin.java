package io.editstream.local;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options shared by the commands that bring the embedded stack up. */
public final class StackMixin {
    @Option(names = "--data-dir", defaultValue = "editstream-data",
            description = "Where the embedded broker, S3 objects and reports are kept; a later run on the same folder"
                    + " resumes its topics, requests and objects (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--port", defaultValue = "8080",
            description = "Gateway HTTP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--partitions", defaultValue = "3", description = "Partitions per topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--kafka-port", defaultValue = "0",
            description = "Embedded broker port; 0 = the port of the last run on this data folder, or a free one (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--s3-port", defaultValue = "0",
            description = "Embedded S3 port; 0 = the port of the last run on this data folder, or a free one (default: ${DEFAULT-VALUE}).")
    int s3Port;

    @Option(names = "--s3-access-key", defaultValue = "${env:S3_ACCESS_KEY}",
            description = "Embedded S3 access key (default: env S3_ACCESS_KEY, else the last run's, else 'editstream').")
    String accessKey;

    @Option(names = "--s3-secret-key", defaultValue = "${env:S3_SECRET_KEY}",
            description = "Embedded S3 secret key (default: env S3_SECRET_KEY, else the last run's, else a new random one).")
    String secretKey;

    StackOptions options() {
        return StackOptions.embedded(dataDir.toAbsolutePath(), port)
                .withPartitions(partitions)
                .withInfra(new EmbeddedInfra.Settings(kafkaPort, s3Port, Optional.ofNullable(accessKey), Optional.ofNullable(secretKey)));
    }
}
