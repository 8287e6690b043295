package io.editstream.local.chaos;

import io.editstream.client.EditClient;
import io.editstream.kafka.KafkaSettings;
import io.editstream.local.EmbeddedInfra;
import io.editstream.local.Samples;
import io.editstream.local.StackOptions;
import io.editstream.local.up.JavaCommand;
import io.editstream.local.up.ProcessLayout;
import io.editstream.local.up.Up;
import io.editstream.storage.StorageSettings;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code editstream chaos}: {@code up}, a steady load, kill -9s, a broker restart and an S3 outage, then the audit. */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = {"Prove that nothing is lost when processes die. Runs 'up' on a fresh data folder",
            "and submits requests at a steady rate, half through the gateway and half straight",
            "to Kafka. Meanwhile it kill -9s a service process every --kill-interval (every kind",
            "at least once, a second renderer replica too), restarts the broker once and takes",
            "S3 away for 10 s once. Then it reads every topic with read_committed and checks",
            "that each accepted request ended exactly once (scored, or failed with a reason)",
            "and that every result object has the SHA-256 its event names.",
            "Prints a table; exits 1 on any loss or duplicate."})
public final class ChaosCommand implements Callable<Integer> {
    @Option(names = "--requests", defaultValue = "200", description = "Requests to submit (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--rate", defaultValue = "2", description = "Requests per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--kill-interval", defaultValue = "3s", converter = DurationConverter.class,
            description = "Time between kills, e.g. 3s, 500ms, 1m (default: ${DEFAULT-VALUE}).")
    Duration killInterval;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the fault plan (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--replicas", defaultValue = "diffusion-renderer=2", description = "Replicas per service (default: ${DEFAULT-VALUE}).")
    String replicas;

    @Option(names = "--data-dir", defaultValue = "editstream-data/chaos", description = "A data folder for this run; emptied first (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--drain-timeout", defaultValue = "30m", converter = DurationConverter.class,
            description = "How long to wait after the load for every request to end (default: ${DEFAULT-VALUE}).")
    Duration drain;

    @Option(names = "--heap", defaultValue = "512m", description = "Maximum heap of each process (default: ${DEFAULT-VALUE}).")
    String heap;

    @Override
    public Integer call() throws Exception {
        if (requests < 1 || rate <= 0) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--requests and --rate must be positive");
        }
        Path dir = dataDir.toAbsolutePath();
        deleteTree(dir);
        byte[] png = Files.readAllBytes(Samples.load(Samples.locate()).get(0).image());
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        ProcessLayout layout = new ProcessLayout(dir, JavaCommand.current(heap), freePort(), ProcessLayout.parseReplicas(replicas));
        try (Up up = Up.start(layout, new EmbeddedInfra.Settings(0, 0, Optional.empty(), Optional.empty()),
                StackOptions.DEFAULT_BUCKET, System.out)) {
            up.printProcesses(System.out);
            Map<String, String> c = up.connection();
            KafkaSettings kafka = KafkaSettings.of(c.get("KAFKA_BOOTSTRAP"));
            StorageSettings storage = new StorageSettings(c.get("S3_ENDPOINT"), c.get("S3_ACCESS_KEY"), c.get("S3_SECRET_KEY"),
                    c.get("S3_BUCKET"), c.get("S3_REGION"));
            ChaosReport report;
            try (DirectPublisher publisher = new DirectPublisher(kafka, storage)) {
                ChaosLoad load = new ChaosLoad(new EditClient(up.gatewayUrl()), publisher, png, image.getWidth(), image.getHeight());
                report = new Chaos(up, System.out).run(load, requests, rate, killInterval.toMillis(), seed, drain);
            }
            report.print(System.out);
            System.out.println("logs of every process: " + dir.resolve("logs"));
            return report.passed() ? 0 : 1;
        }
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** "3s", "500ms", "2m" or "1h" as a Duration. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern FORMAT = Pattern.compile("(\\d+)(ms|s|m|h)");

        @Override
        public Duration convert(String value) {
            Matcher m = FORMAT.matcher(value.trim());
            if (!m.matches()) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration like 3s, 500ms or 2m");
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
    }
}
