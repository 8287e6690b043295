package io.editstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both benchmark formats, entries that are not items, and the requests a plan sends. */
class BenchmarkFileTest {
    @TempDir
    Path dir;

    @Test
    void auroraJsonWithAndWithoutOurExtensions() throws Exception {
        Path file = dir.resolve("bench.json");
        Files.writeString(file, """
                [ {"input": "a/in.png", "output": "a/out.png", "instruction": "add a cup", "task": "magicbrush"},
                  {"input": "b.png", "instruction": "make it night", "task": "emu"},
                  {"id": "k1", "input": "c.png", "output": "d.png", "instruction": "what if it rolled?", "task": "kubric",
                   "category": "PHYSICAL", "explicit_instruction": "move the ball left", "no_change_instruction": "keep the ball"},
                  {"output": "x.png", "instruction": "no input", "task": "ag"} ]
                """);
        BenchmarkFile.Contents c = BenchmarkFile.read(file);
        assertThat(c.format()).isEqualTo("aurora-json");
        assertThat(c.items()).hasSize(3);
        BenchmarkFile.Item first = c.items().get(0);
        assertThat(first.id()).isEqualTo("00000");
        assertThat(first.input()).isEqualTo(dir.toAbsolutePath().resolve("a/in.png"));
        assertThat(first.target()).isEqualTo(dir.toAbsolutePath().resolve("a/out.png"));
        assertThat(first.category()).isNull();
        assertThat(c.items().get(1).target()).isNull();   // emu, clevr and epic have no reference
        BenchmarkFile.Item k1 = c.items().get(2);
        assertThat(k1.id()).isEqualTo("k1");
        assertThat(k1.explicitInstruction()).isEqualTo("move the ball left");
        assertThat(k1.noChangeInstruction()).isEqualTo("keep the ball");
        assertThat(c.skipped()).containsExactly(new BenchmarkFile.Skipped("00003", "entry 3 has no input"));
    }

    @Test
    void reasonFiftyKJsonLines() throws Exception {
        Path file = dir.resolve("r.jsonl");
        Files.writeString(file, """
                {"id": "r1", "category": "CAUSAL", "src_image": "s.png", "tgt_image": "t.png", "instruction": "the wind blew", "objects": ["kite"]}

                not json
                {"id": "r2", "category": "STORY", "tgt_image": "t.png", "instruction": "x"}
                """);
        BenchmarkFile.Contents c = BenchmarkFile.read(file);
        assertThat(c.format()).isEqualTo("reason50k-jsonl");
        assertThat(c.items()).hasSize(1);
        assertThat(c.items().get(0).task()).isEqualTo(BenchmarkFile.REASON50K_TASK);
        assertThat(c.items().get(0).category()).isEqualTo("CAUSAL");
        assertThat(c.skipped()).extracting(BenchmarkFile.Skipped::id).containsExactly("line 3", "r2");
    }

    @Test
    void discEditItemsGetAnEditAndANoChangeRequestPerSeed() {
        BenchmarkFile.Item plain = new BenchmarkFile.Item("p", Path.of("p.png"), null, "add a cup", "emu", null, null, null);
        BenchmarkFile.Item disc = new BenchmarkFile.Item("d", Path.of("d.png"), null, "move it", "kubric", null, null, "keep it");
        List<BenchmarkPlan.Request> plan = BenchmarkPlan.requests(List.of(plain, disc), 42, 4);
        assertThat(plan).extracting(BenchmarkPlan.Request::label).containsExactly("p/42/edit",
                "d/42/edit", "d/42/no_change", "d/43/edit", "d/43/no_change", "d/44/edit", "d/44/no_change", "d/45/edit", "d/45/no_change");
        assertThat(plan.get(2).instruction()).isEqualTo("keep it");
    }

    @Test
    void imageProblemsNameTheFileAsTheBenchmarkGivesIt() throws Exception {
        Files.write(dir.resolve("broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        assertThat(BenchmarkRunner.imageProblem(dir, dir.resolve("imgs/none.png"), "input")).isEqualTo("input image imgs/none.png is missing");
        assertThat(BenchmarkRunner.imageProblem(dir, dir.resolve("broken.png"), "target")).startsWith("target image broken.png is");
    }
}
