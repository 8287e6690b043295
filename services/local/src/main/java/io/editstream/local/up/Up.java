package io.editstream.local.up;

import io.editstream.kafka.KafkaSettings;
import io.editstream.kafka.Topics;
import io.editstream.local.ConnectionFile;
import io.editstream.local.EmbeddedInfra;
import io.editstream.storage.ObjectStore;
import io.editstream.storage.StorageSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The pipeline as separate OS processes under one {@link Supervisor}: the broker and the S3 endpoint first
 * (their ports and keys planned here, so {@code connection.env} is written before anything runs), then, once
 * both answer, every service replica on them, then the wait for the gateway to be ready.
 */
public record Up(ProcessLayout layout, Supervisor supervisor, Map<String, String> connection) implements AutoCloseable {
    private static final Duration INFRA_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);

    /** Plans, starts and waits; on any failure every process started so far is stopped again. */
    public static Up start(ProcessLayout layout, EmbeddedInfra.Settings infra, String bucket, PrintStream out)
            throws IOException, InterruptedException {
        EmbeddedInfra.Settings planned = EmbeddedInfra.plan(layout.dataDir(), infra);
        KafkaSettings kafka = KafkaSettings.of("localhost:" + planned.kafkaPort());
        StorageSettings storage = EmbeddedInfra.storage(planned, bucket);
        String gateway = "http://localhost:" + layout.gatewayPort();
        Map<String, String> connection = ConnectionFile.values(kafka, storage, Optional.of(gateway));
        Supervisor supervisor = new Supervisor(Duration.ofSeconds(1));
        try {
            for (Supervisor.Spec spec : layout.infrastructure(planned)) {
                supervisor.start(spec);
            }
            out.println("starting the broker (" + kafka.bootstrapServers() + ") and S3 (" + storage.endpoint() + ") on "
                    + layout.dataDir());
            awaitInfra(kafka, storage, layout.dataDir().resolve("logs"));
            Path file = ConnectionFile.write(layout.dataDir(), "editstream up", connection);
            for (Supervisor.Spec spec : layout.services(connection)) {
                supervisor.start(spec);
            }
            out.println("starting " + (supervisor.names().size() - 2) + " service processes; waiting for " + gateway
                    + "/health/ready (connection settings in " + file + ")");
            awaitReady(gateway + "/health/ready", layout.dataDir().resolve("logs"));
            return new Up(layout, supervisor, Map.copyOf(connection));
        } catch (IOException | InterruptedException | RuntimeException e) {
            supervisor.close();
            throw e;
        }
    }

    public String gatewayUrl() {
        return connection.get("GATEWAY_URL");
    }

    /** One line per process: name, pid, restarts and log file. */
    public void printProcesses(PrintStream out) {
        out.printf("%-22s %8s %9s  %s%n", "process", "pid", "restarts", "log");
        for (String name : supervisor.names().stream().sorted().toList()) {
            String pid = supervisor.process(name).map(p -> Long.toString(p.pid())).orElse("-");
            out.printf("%-22s %8s %9d  %s%n", name, pid, supervisor.restarts(name),
                    layout.dataDir().resolve("logs").resolve(name + ".log"));
        }
    }

    @Override
    public void close() {
        supervisor.close();
    }

    /** Waits until the broker lists every pipeline topic and the S3 endpoint answers. */
    private static void awaitInfra(KafkaSettings kafka, StorageSettings storage, Path logs) throws InterruptedException {
        Set<String> topics = Set.copyOf(Topics.all());
        long deadline = System.nanoTime() + INFRA_TIMEOUT.toNanos();
        boolean brokerReady = false;
        boolean s3Ready = false;
        while (System.nanoTime() < deadline && !(brokerReady && s3Ready)) {
            if (!brokerReady) {
                brokerReady = listsTopics(kafka, topics);
            }
            if (!s3Ready) {
                try (ObjectStore store = ObjectStore.connect(storage)) {
                    s3Ready = store.reachable();
                } catch (RuntimeException e) {
                    s3Ready = false;
                }
            }
            if (!(brokerReady && s3Ready)) {
                Thread.sleep(300);
            }
        }
        if (!brokerReady || !s3Ready) {
            throw new IllegalStateException((brokerReady ? "the S3 endpoint" : "the broker") + " did not come up within "
                    + INFRA_TIMEOUT.toSeconds() + " s; see " + logs.resolve((brokerReady ? ProcessLayout.S3 : ProcessLayout.KAFKA) + ".log"));
        }
    }

    private static boolean listsTopics(KafkaSettings kafka, Set<String> topics) throws InterruptedException {
        var props = kafka.base();
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        try (Admin admin = Admin.create(props)) {
            return admin.listTopics().names().get(3, TimeUnit.SECONDS).containsAll(topics);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException | RuntimeException e) {
            return false;
        }
    }

    private static void awaitReady(String url, Path logs) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                        .build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the gateway was not ready within " + READY_TIMEOUT.toSeconds() + " s; see the logs in "
                + logs);
    }
}
