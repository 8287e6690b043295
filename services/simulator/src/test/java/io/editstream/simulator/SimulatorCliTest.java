package io.editstream.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimulatorCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void sameSeedGivesByteIdenticalDatasetsAndAnotherSeedADifferentOne() throws IOException, InterruptedException {
        SimulatorConfig config = new SimulatorConfig(5, 12, 4, 4, 64, dir.resolve("a"), false, 0);
        SimulatorCli.run(config, QUIET);
        SimulatorCli.run(new SimulatorConfig(5, 12, 4, 4, 64, dir.resolve("b"), false, 0), QUIET);
        SimulatorCli.run(new SimulatorConfig(6, 12, 4, 4, 64, dir.resolve("c"), false, 0), QUIET);
        Map<String, byte[]> a = files(dir.resolve("a"));
        assertThat(a).hasSize(1 + 3 * 2 + 1 + 2 * 20);   // manifest, two index files per split, the held-out test index, images
        Map<String, byte[]> b = files(dir.resolve("b"));
        assertThat(b.keySet()).isEqualTo(a.keySet());
        a.forEach((name, bytes) -> assertThat(b.get(name)).as(name).isEqualTo(bytes));
        // a separate JVM, through the command line, writes the very same bytes
        Process process = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), SimulatorCli.class.getName(),
                "--seed", "5", "--train", "12", "--validation", "4", "--test", "4", "--out", dir.resolve("p").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("p.log").toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(dir.resolve("p.log"))).isZero();
        Map<String, byte[]> p = files(dir.resolve("p"));
        assertThat(p.keySet()).isEqualTo(a.keySet());
        a.forEach((name, bytes) -> assertThat(p.get(name)).as(name).isEqualTo(bytes));
        Map<String, byte[]> c = files(dir.resolve("c"));
        assertThat(c.get("train/benchmark.json")).isNotEqualTo(a.get("train/benchmark.json"));
        assertThat(c.get("train/00000_input.png")).isNotEqualTo(a.get("train/00000_input.png"));
    }

    @Test
    void writesAuroraBenchmarkAndReasonBrainLinesWhosePathsExist() throws IOException {
        DatasetSummary summary = SimulatorCli.run(new SimulatorConfig(9, 20, 5, 5, 96, dir, false, 0), QUIET);
        assertThat(summary.total()).isEqualTo(30);
        assertThat(summary.perFamily().values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(5));
        for (Split split : Split.values()) {
            Path folder = dir.resolve(split.folder());
            JsonNode benchmark = JSON.readTree(folder.resolve(DatasetWriter.BENCHMARK).toFile());
            assertThat(benchmark.isArray()).isTrue();
            assertThat(benchmark.size()).isEqualTo(summary.perSplit().get(split));
            for (JsonNode e : benchmark) {
                for (String field : List.of("input", "output", "instruction", "task", "category",
                        "explicit_instruction", "no_change_instruction")) {
                    assertThat(e.path(field).asText()).as(field).isNotBlank();
                }
                assertThat(Category.valueOf(e.get("category").asText())).isNotNull();
                assertThat(e.get("task").asText()).matches("(location|rotation|count|attribute)/[a-z_]+");
                BufferedImage input = ImageIO.read(folder.resolve(e.get("input").asText()).toFile());
                assertThat(input.getWidth()).isEqualTo(96);
                assertThat(folder.resolve(e.get("output").asText())).isRegularFile();
                assertThat(e.get("hypothetical_instructions").size()).isEqualTo(4);
            }
            List<String> lines = Files.readAllLines(folder.resolve(DatasetWriter.REASONBRAIN));
            assertThat(lines).hasSize(benchmark.size());
            for (String line : lines) {
                JsonNode l = JSON.readTree(line);
                assertThat(l.fieldNames()).toIterable()
                        .containsExactly("id", "category", "src_image", "tgt_image", "instruction", "objects");
                assertThat(folder.resolve(l.get("tgt_image").asText())).isRegularFile();
            }
        }
        JsonNode manifest = JSON.readTree(dir.resolve(DatasetWriter.MANIFEST).toFile());
        assertThat(manifest.get("seed").asLong()).isEqualTo(9);
        assertThat(manifest.get("status").asText()).isEqualTo("complete");
        assertThat(manifest.at("/splits/test/count").asInt()).isEqualTo(5);
    }

    @Test
    void noObjectPhraseOfTheTestSplitAppearsInTrain() throws IOException {
        SimulatorCli.run(new SimulatorConfig(21, 60, 20, 20, 64, dir, false, 0), QUIET);
        Map<Split, Set<String>> named = new TreeMap<>();
        for (Split split : Split.values()) {
            Set<String> phrases = new HashSet<>();
            for (String line : Files.readAllLines(dir.resolve(split.folder()).resolve(DatasetWriter.REASONBRAIN))) {
                JSON.readTree(line).get("objects").forEach(o -> phrases.add(o.asText()));
            }
            named.put(split, phrases);
        }
        assertThat(named.get(Split.TEST)).isNotEmpty().doesNotContainAnyElementsOf(named.get(Split.TRAIN))
                .doesNotContainAnyElementsOf(named.get(Split.VALIDATION));
        assertThat(named.get(Split.VALIDATION)).isNotEmpty().doesNotContainAnyElementsOf(named.get(Split.TRAIN));
    }

    @Test
    void refusesANonEmptyFolderAndOverwritesOnlyAnEarlierDataset() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "mine");
        SimulatorConfig config = new SimulatorConfig(1, 4, 0, 0, 64, dir, false, 0);
        assertThatThrownBy(() -> SimulatorCli.run(config, QUIET)).hasMessageContaining("not empty");
        assertThatThrownBy(() -> SimulatorCli.run(config.withOverwrite(true), QUIET)).hasMessageContaining("not a simulator dataset");
        assertThat(dir.resolve("notes.txt")).hasContent("mine");

        Path data = dir.resolve("data");
        SimulatorCli.run(new SimulatorConfig(1, 8, 0, 0, 64, data, false, 2), QUIET);
        assertThat(data.resolve(ContactSheet.FILE)).isRegularFile();
        SimulatorCli.run(new SimulatorConfig(1, 3, 0, 0, 64, data, true, 0), QUIET);
        assertThat(JSON.readTree(data.resolve("train/benchmark.json").toFile()).size()).isEqualTo(3);
        assertThat(data.resolve("train/00005_input.png")).doesNotExist();
        assertThat(data.resolve(ContactSheet.FILE)).doesNotExist();
    }

    @Test
    void commandLineGeneratesPrintsASummaryAndRejectsBadOptions() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = new CommandLine(new SimulatorCli()).execute("--seed", "3", "--count", "10", "--out", dir.resolve("cli").toString());
        } finally {
            System.setOut(saved);
        }
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("10/10", "10 triplets", "family    location", "category  STORY");
        assertThat(dir.resolve("cli/test/00000_output.png")).isRegularFile();

        StringWriter console = new StringWriter();
        CommandLine cli = new CommandLine(new SimulatorCli());
        cli.setOut(new PrintWriter(console, true));
        cli.setErr(new PrintWriter(console, true));
        assertThat(cli.execute("--help")).isZero();
        assertThat(console.toString()).contains("--seed", "--count", "--size", "--out", "--train");
        assertThat(cli.execute("--size", "8", "--out", dir.resolve("x").toString())).isEqualTo(2);
        assertThat(console.toString()).contains("--size must be 32..1024 pixels, was 8");
        assertThat(cli.execute("--count", "0", "--out", dir.resolve("y").toString())).isEqualTo(2);
        assertThat(console.toString()).contains("--count must be at least 1");
        assertThat(cli.execute("--count", "5", "--out", dir.resolve("cli").toString())).isEqualTo(2);
        assertThat(console.toString()).contains("is not empty");
        assertThat(dir.resolve("x")).doesNotExist();
    }

    private static Map<String, byte[]> files(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        }
        return files;
    }
}
