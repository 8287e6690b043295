package io.editstream.local.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shortened chaos run of the build: {@code editstream chaos} as a user runs it, as its own process, on
 * about 60 requests. Every service kind (and the second renderer replica) is killed with kill -9 at least once,
 * the broker is restarted once and S3 is away for 10 s once; the command must find nothing lost and nothing
 * duplicated, and say so in its table.
 */
class ChaosIT {
    private static final Path JAR = Path.of("target", "editstream.jar").toAbsolutePath();

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void sixtyRequestsThroughKillsABrokerRestartAndAnS3OutageLoseNothing() throws Exception {
        assertThat(JAR).as("the packaged command (mvn package builds it before the integration tests)").exists();
        Path dataDir = Path.of("target", "chaos-it").toAbsolutePath();
        Path log = Path.of("target", "chaos-it.log").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.editstream.events"));
        String models = System.getProperty("EDITSTREAM_MODELS", System.getenv("EDITSTREAM_MODELS"));
        if (models != null) {
            command.add("-DEDITSTREAM_MODELS=" + models);
        }
        command.addAll(List.of("-jar", JAR.toString(), "chaos", "--requests", "60", "--rate", "2", "--kill-interval", "3s",
                "--seed", "3", "--heap", "384m", "--drain-timeout", "6m", "--data-dir", dataDir.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("S3_ACCESS_KEY");
        builder.environment().remove("S3_SECRET_KEY");
        Process chaos = builder.start();
        boolean ended = chaos.waitFor(14, TimeUnit.MINUTES);
        if (!ended) {
            chaos.descendants().forEach(ProcessHandle::destroyForcibly);
            chaos.destroyForcibly();
        }
        String output = Files.readString(log);
        String table = output.contains("chaos run") ? output.substring(output.lastIndexOf("chaos run")) : output;
        assertThat(ended).as("chaos ended within 14 minutes; its output:\n" + table).isTrue();
        assertThat(chaos.exitValue()).as(table).isZero();
        assertThat(table).contains("PASSED: nothing lost, nothing duplicated");
        assertThat(row(table, "accepted")).isEqualTo("60");
        assertThat(row(table, "lost")).isEqualTo("0");
        assertThat(row(table, "duplicated")).isEqualTo("0");
        assertThat(row(table, "broker restarts")).isEqualTo("1");
        assertThat(row(table, "S3 outages")).isEqualTo("[10 s]");
        // DOWN while S3 is away (or unreachable, if the gateway was being restarted just then), UP again after
        assertThat(row(table, "gateway readiness, S3 outage")).matches("(DOWN \\(503.*|unreachable.*) during it; UP .* after S3 returned");
        assertThat(row(table, "result objects (SHA-256 checked)")).endsWith("0 missing or altered");
        String kills = row(table, "kills (kill -9) per kind");
        for (String kind : List.of("reasoner", "cue-extractor", "enhancer", "diffusion-renderer", "scorer", "gateway")) {
            assertThat(kills).as("every kind killed at least once").containsPattern(kind + "=\\d+");
        }
        assertThat(kills).as("both renderer replicas").containsPattern("diffusion-renderer=([2-9]|\\d\\d)");
        // no process is left behind
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(dataDir.toString())))
                .as("processes of the chaos run still alive").isEmpty();
    }

    /** The value of the table row named {@code name}. */
    private static String row(String table, String name) {
        for (String line : table.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith(name + " ")) {
                return trimmed.substring(name.length()).trim();
            }
        }
        throw new AssertionError("no row '" + name + "' in:\n" + table);
    }
}
