package io.editstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** `editstream render-bench` on the committed Optimum fixture, kept short: every figure it promises is printed. */
class RenderBenchCommandTest {
    @Test
    void printsStepTimeSecondsPerEditAndTheBatchingGain() {
        RenderBenchCommand bench = new RenderBenchCommand();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bench.out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int code = new CommandLine(bench).execute("--size", "64", "--steps", "2", "--batch", "2", "--rounds", "1");
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(code).isZero();
        assertThat(text).contains("instruct-pix2pix-tiny").contains("ms per step").contains("s per edit end to end")
                .contains("2 concurrent, batch 1").contains("2 concurrent, batch 2").containsPattern("micro-batching gain: [0-9.]+x");
    }
}
