package io.editstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code editstream bench --throughput} at toy sizes, through picocli on the fixture bundles and the embedded broker
 * and S3 endpoint: every figure the issue asks for is printed and is a positive number. Figures only; no timing is
 * asserted (the machine decides those).
 */
class ThroughputBenchIT {
    @TempDir
    Path dataDir;

    @Test
    void printsBothModesTheRatioCpuMemoryAndOpenLoopLatency() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            code = new CommandLine(new BenchCommand()).execute("--throughput", "--concurrency", "2", "--requests", "4",
                    "--warmup", "1", "--load-requests", "3", "--steps", "2", "--data-dir", dataDir.toString(), "--port", "0");
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        System.out.println(out);
        assertThat(code).isZero();

        for (String mode : List.of("direct", "pipeline")) {
            Matcher row = find("(?m)^" + mode + "\\s+([\\d.]+)\\s+(\\d+)\\s+(\\d+)\\s+([\\d.]+)$", out);
            assertThat(Double.parseDouble(row.group(1))).as(mode + " requests/s").isPositive();
            assertThat(Double.parseDouble(row.group(3))).as(mode + " p99").isPositive();
        }
        assertThat(Double.parseDouble(find("(?m)^ratio pipeline/direct: (\\d+\\.\\d\\d)$", out).group(1))).isPositive();
        for (String stage : List.of("reasoner", "cue-extractor", "enhancer", "diffusion-renderer", "scorer")) {
            Matcher row = find("(?m)^" + stage + "\\s+([\\d.]+)\\s+([\\d.]+)$", out);
            assertThat(Double.parseDouble(row.group(2))).as(stage + " pipeline CPU s").isPositive();
        }
        Matcher total = find("(?m)^total\\s+([\\d.]+)\\s+([\\d.]+)$", out);
        assertThat(Double.parseDouble(total.group(1))).isPositive();
        assertThat(Double.parseDouble(total.group(2))).isPositive();
        Matcher memory = find("process RSS: (\\d+) MiB after direct, (\\d+) MiB after pipeline; JVM heap used (\\d+) MiB", out);
        assertThat(Integer.parseInt(memory.group(2))).isPositive();
        assertThat(Integer.parseInt(memory.group(3))).isPositive();
        for (String load : List.of("50%", "80%", "100%")) {
            Matcher level = find("(?m)^\\s*" + load + "\\s+([\\d.]+)\\s+(\\d+)\\s+(\\d+)\\s+([\\d.]+)$", out);
            assertThat(Double.parseDouble(level.group(1))).as(load + " offered rate").isPositive();
            assertThat(Integer.parseInt(level.group(3))).as(load + " p99").isPositive();
        }
    }

    private static Matcher find(String regex, String text) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("a line matching %s in:%n%s", regex, text).isTrue();
        return m;
    }
}
