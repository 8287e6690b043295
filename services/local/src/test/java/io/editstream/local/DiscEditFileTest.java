package io.editstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AURORA's DiscEdit files ({@code disc_edit_data/<task>/*.json}) as the committed stand-in in
 * {@code benchmarks/aurora-disc} lays them out: a folder of task folders, one task's folder, or one file; pos is the
 * no-change instruction, neg (else prompt) the edit; images found under AURORA's checkout above the file.
 */
class DiscEditFileTest {
    @TempDir
    Path dir;

    static Path aurora() throws Exception {
        return Paths.get(DiscEditFileTest.class.getResource("/benchmarks/aurora-disc").toURI());
    }

    @Test
    void theDiscEditFolderReadsEachTasksTestSplit() throws Exception {
        BenchmarkFile.Contents c = BenchmarkFile.read(aurora().resolve("disc_edit_data"));
        assertThat(c.format()).isEqualTo(BenchmarkFile.DISC_EDIT_FORMAT);
        assertThat(c.items()).extracting(BenchmarkFile.Item::id).containsExactly("clevr:000002", "something:36", "whatsup:00000");
        assertThat(c.items()).extracting(BenchmarkFile.Item::task).containsExactly("clevr", "something", "whatsup");
        assertThat(c.skipped()).containsExactly(new BenchmarkFile.Skipped("something:37",
                "entry 1 of something/valid.json has no pos (the no-change prompt)"));

        BenchmarkFile.Item whatsup = c.items().get(2);
        assertThat(whatsup.instruction()).as("itm_test.json, not itm_valid.json").isEqualTo("Move the red cone to the right side of the floor");
        assertThat(whatsup.noChangeInstruction()).isEqualTo("Move the red cone to the left side of the floor");
        assertThat(whatsup.input()).as("image, relative to AURORA's checkout")
                .isEqualTo(aurora().resolve("data/whatsup/controlled_images/cone_left_of_floor.png"));
        assertThat(Files.isRegularFile(whatsup.input())).isTrue();
        assertThat(whatsup.target()).isNull();
        assertThat(whatsup.explicitInstruction()).as("nothing to compare the reasoner with").isNull();
        assertThat(whatsup.category()).isNull();

        BenchmarkFile.Item something = c.items().get(1);
        assertThat(something.instruction()).as("no neg: the prompt is the edit").isEqualTo("Turn the green cone around");
        assertThat(something.noChangeInstruction()).isEqualTo("Leave the green cone facing the way it does");
        assertThat(something.target()).isEqualTo(aurora().resolve("data/something/frames/36/last.png"));
        assertThat(c.items().get(0).instruction()).isEqualTo("add a second yellow ball next to the cube");
    }

    @Test
    void aTaskFolderOrOneFileReadsJustThat() throws Exception {
        assertThat(BenchmarkFile.read(aurora().resolve("disc_edit_data/whatsup")).items()).extracting(BenchmarkFile.Item::id)
                .containsExactly("whatsup:00000");
        BenchmarkFile.Contents valid = BenchmarkFile.read(aurora().resolve("disc_edit_data/whatsup/itm_valid.json"));
        assertThat(valid.format()).isEqualTo(BenchmarkFile.DISC_EDIT_FORMAT);
        assertThat(valid.items().get(0).instruction()).isEqualTo("Move the red cone onto the table");
    }

    @Test
    void everyItemGetsItsEditAndNoChangeTwinAtEachSeed() throws Exception {
        BenchmarkFile.Contents c = BenchmarkFile.read(aurora().resolve("disc_edit_data/clevr/valid.json"));
        assertThat(BenchmarkPlan.requests(c.items(), 42, 4)).extracting(BenchmarkPlan.Request::label).hasSize(8)
                .startsWith("clevr:000002/42/edit", "clevr:000002/42/no_change");
    }

    @Test
    void anImageNowhereAboveStaysRelativeToTheFileAndAFolderWithoutTasksIsAnError() throws Exception {
        Path task = Files.createDirectories(dir.resolve("disc_edit_data/kubric"));
        Files.writeString(task.resolve("valid.json"), "[{\"input\": \"data/kubric/x.png\", \"prompt\": \"p\", \"pos\": \"q\", \"neg\": \"r\"}]");
        assertThat(BenchmarkFile.read(task).items().get(0).input()).isEqualTo(task.toAbsolutePath().resolve("data/kubric/x.png"));
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> BenchmarkFile.read(empty)).hasMessageContaining("no DiscEdit task folder");
    }
}
