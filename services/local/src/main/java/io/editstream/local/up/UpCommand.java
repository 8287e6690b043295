package io.editstream.local.up;

import io.editstream.local.EmbeddedInfra;
import io.editstream.local.StackOptions;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code editstream up}: the broker, S3 and every service as its own supervised OS process, until Ctrl-C. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Run the pipeline as separate processes, like production: the persistent broker",
            "and S3 endpoint (one process each) plus one process per service replica, each",
            "logging to <data-dir>/logs. A process that dies is restarted; replicas of a stage",
            "share its consumer group as static members. Writes <data-dir>/connection.env",
            "(broker, S3, gateway URL). Ctrl-C stops them all."})
public final class UpCommand implements Callable<Integer> {
    @Option(names = "--data-dir", defaultValue = "editstream-data", description = "Data folder (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--port", defaultValue = "8080", description = "Gateway HTTP port; more gateway replicas take the next ones (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Broker port, 0 = the last one or free (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--s3-port", defaultValue = "9000", description = "S3 port, 0 = the last one or free (default: ${DEFAULT-VALUE}).")
    int s3Port;

    @Option(names = "--replicas", defaultValue = "", description = "Replicas per service, e.g. diffusion-renderer=2,reasoner=2 (default: one each).")
    String replicas;

    @Option(names = "--heap", defaultValue = "768m", description = "Maximum heap of each process (default: ${DEFAULT-VALUE}).")
    String heap;

    @Override
    public Integer call() throws Exception {
        ProcessLayout layout = new ProcessLayout(dataDir.toAbsolutePath(), JavaCommand.current(heap), port,
                ProcessLayout.parseReplicas(replicas));
        Up up = Up.start(layout, new EmbeddedInfra.Settings(kafkaPort, s3Port, Optional.empty(), Optional.empty()),
                StackOptions.DEFAULT_BUCKET, System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("stopping every process...");
            up.close();
            stopped.countDown();
        }, "editstream-up-shutdown"));
        System.out.println();
        up.printProcesses(System.out);
        System.out.println();
        System.out.println("EditStream is up: " + up.gatewayUrl() + "/  (connection settings: "
                + layout.dataDir().resolve("connection.env") + "); Ctrl-C stops every process.");
        stopped.await();
        return 0;
    }
}
