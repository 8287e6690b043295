package io.editstream.local;

import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The embedded broker's and S3 endpoint's ports and credentials, as {@code infra} and the commands that bring the
 * whole stack up ({@link StackMixin}) take them; the default ports are the command's (0 = as at the last start).
 */
public final class InfraOptions {
    @Option(names = "--kafka-port",
            description = "Broker port; 0 = the port of the last start on this data folder, or a free one (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--s3-port",
            description = "S3 port; 0 = the port of the last start on this data folder, or a free one (default: ${DEFAULT-VALUE}).")
    int s3Port;

    @Option(names = "--s3-access-key", defaultValue = "${env:S3_ACCESS_KEY}",
            description = "S3 access key (default: env S3_ACCESS_KEY, else the last start's, else 'editstream').")
    String accessKey;

    @Option(names = "--s3-secret-key", defaultValue = "${env:S3_SECRET_KEY}",
            description = "S3 secret key (default: env S3_SECRET_KEY, else the last start's, else a new random one).")
    String secretKey;

    /** Picocli's instance, for a mixin field left unset: both ports 0. */
    public InfraOptions() {
        this(0, 0);
    }

    InfraOptions(int kafkaPort, int s3Port) {
        this.kafkaPort = kafkaPort;
        this.s3Port = s3Port;
    }

    EmbeddedInfra.Settings settings() {
        return new EmbeddedInfra.Settings(kafkaPort, s3Port, Optional.ofNullable(accessKey), Optional.ofNullable(secretKey));
    }
}
