package io.editstream.local;

import java.nio.file.Path;
import picocli.CommandLine.Mixin;
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

    @Mixin
    InfraOptions infra;

    StackOptions options() {
        return StackOptions.embedded(dataDir.toAbsolutePath(), port)
                .withPartitions(partitions)
                .withInfra(infra.settings());
    }
}
