package io.editstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged command as a user runs it, {@code java -jar …/editstream.jar} from an unrelated folder: user
 * errors are one line and exit 2 (paths named as resolved against that folder), and the bundled models
 * are found from the jar's location, not the working folder.
 */
class CliHygieneIT {
    @TempDir
    Path work;

    record Run(int code, String out, List<String> err) {
    }

    private Run editstream(String... args) throws Exception {
        assertThat(ServeProcess.JAR).as("the packaged command (mvn package builds it before the integration tests)").exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", ServeProcess.JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(work.resolve("stdout.txt").toFile()).redirectError(work.resolve("stderr.txt").toFile());
        // nothing may point it at the checkout but its own location
        builder.environment().remove(Home.VARIABLE);
        builder.environment().remove("EDITSTREAM_MODELS");
        builder.environment().remove("EDITSTREAM_DEBUG");
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("finished").isTrue();
        return new Run(process.exitValue(), Files.readString(work.resolve("stdout.txt"), StandardCharsets.UTF_8),
                Files.readAllLines(work.resolve("stderr.txt"), StandardCharsets.UTF_8));
    }

    private static void assertOneLineUserError(Run run) {
        assertThat(run.code()).as("exit code; stderr %s", run.err()).isEqualTo(2);
        assertThat(run.err()).hasSize(1);
        assertThat(run.err().get(0)).doesNotContain("Exception").doesNotContain("at io.");
    }

    @Test
    void aMissingFileIsOneLineNamingItsResolvedPath() throws Exception {
        Run run = editstream("benchmark", "--file", "missing.json");
        assertOneLineUserError(run);
        assertThat(run.err().get(0)).contains(work.toRealPath().resolve("missing.json").toString());
    }

    @Test
    void anUnknownOptionIsOneLineWithAHintToHelp() throws Exception {
        Run run = editstream("benchmark", "--file", "x.json", "--no-such-flag");
        assertOneLineUserError(run);
        assertThat(run.err().get(0)).contains("--no-such-flag").contains("--help");
    }

    @Test
    void aBadValueIsOneLine() throws Exception {
        Run run = editstream("benchmark", "--file", "x.json", "--limit", "many");
        assertOneLineUserError(run);
        assertThat(run.err().get(0)).contains("--limit").contains("many");
    }

    @Test
    void badJsonIsOneLineNamingTheFile() throws Exception {
        Files.writeString(work.resolve("bad.json"), "[{\"input\": \"a.png\", \"instruction\": ");
        Run run = editstream("benchmark", "--file", "bad.json");
        assertOneLineUserError(run);
        assertThat(run.err().get(0)).contains(work.toRealPath().resolve("bad.json").toString()).contains("bad JSON");
    }

    @Test
    void theBundledModelsAreFoundFromTheJarNotTheWorkingFolder() throws Exception {
        // the cheapest command that needs a bundle: one tiny render on the committed fixture
        Run run = editstream("render-bench", "--steps", "1", "--batch", "1", "--rounds", "1");
        assertThat(run.code()).as("exit code; stderr %s", run.err()).isZero();
        assertThat(run.out()).contains(Path.of("models", "fixtures", "instruct-pix2pix-tiny").toString());
    }
}
