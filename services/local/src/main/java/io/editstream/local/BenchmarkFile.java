package io.editstream.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads a benchmark file in either of the two formats, image paths resolved against the file's folder:
 * <ul>
 * <li>AURORA-Bench JSON: an array of {@code {input, output?, instruction, task}}, optionally with our
 *     extensions {@code id, category, explicit_instruction, no_change_instruction};</li>
 * <li>Reason50K-style JSONL (ReasonBrain): one {@code {id, category, src_image, tgt_image, instruction,
 *     objects}} per line;</li>
 * <li>AURORA's DiscEdit files, {@code disc_edit_data/<task>/*.json}: an array of {@code {input or image, pos, neg?,
 *     output?, prompt?, id?}}, where {@code pos} is the prompt that needs no change and {@code neg} the one that does
 *     (AURORA's {@code EditITMDataset}: a missing {@code neg} is the {@code prompt}). Each entry is an item of the
 *     task its folder names, id {@code <task>:<id or index>}, whose instruction is {@code neg} and whose no-change
 *     instruction is {@code pos}, so the plan renders both from the same noise; it has no explicit instruction.
 *     A folder is read as AURORA's evaluation does: {@code disc_edit_data} (one folder per task) or one task's folder,
 *     each task's test split: {@code itm_test.json} where there is one, else {@code valid.json}, else every
 *     {@code *.json}. Their image paths are relative to AURORA's checkout ({@code data/whatsup/…}), so a path is
 *     resolved against the file's folder and then each folder above it, the first where the image exists.</li>
 * </ul>
 * The format is told by the first character (an array or an object) and, for an array, by its first entry (a
 * {@code pos} and no {@code instruction}: DiscEdit). An entry without an input image or an instruction is not an
 * item: it is listed as skipped with the reason, and the others are read.
 */
public final class BenchmarkFile {
    /** The reasoning-edit task name given to Reason50K lines, which carry a category but no task. */
    public static final String REASON50K_TASK = "reason50k";

    /** One benchmark item; {@code target}, {@code category}, {@code explicitInstruction}, {@code noChangeInstruction} may be null. */
    public record Item(String id, Path input, Path target, String instruction, String task, String category,
                       String explicitInstruction, String noChangeInstruction) {
    }

    /** An entry left out, and why. */
    public record Skipped(String id, String reason) {
    }

    /** What the file holds. */
    public record Contents(String format, List<Item> items, List<Skipped> skipped) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchmarkFile() {
    }

    public static final String DISC_EDIT_FORMAT = "aurora-disc-edit";

    public static Contents read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            return discEditFolder(file);
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        Path root = file.toAbsolutePath().getParent();
        List<Item> items = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        if (text.startsWith("[")) {
            JsonNode array = parse(file, text);
            if (isDiscEdit(array)) {
                discEditFile(file, array, items, skipped);
                return new Contents(DISC_EDIT_FORMAT, items, skipped);
            }
            for (int i = 0; i < array.size(); i++) {
                aurora(array.get(i), i, root, items, skipped);
            }
            return new Contents("aurora-json", items, skipped);
        }
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            try {
                reason50k(JSON.readTree(lines[i]), i, root, items, skipped);
            } catch (JsonProcessingException e) {
                skipped.add(new Skipped("line " + (i + 1), "not a JSON object: " + e.getOriginalMessage()));
            }
        }
        return new Contents("reason50k-jsonl", items, skipped);
    }

    private static void aurora(JsonNode e, int index, Path root, List<Item> items, List<Skipped> skipped) {
        String id = text(e, "id") != null ? text(e, "id") : String.format("%05d", index);
        String input = text(e, "input");
        String instruction = text(e, "instruction");
        if (input == null || instruction == null) {
            skipped.add(new Skipped(id, "entry " + index + " has no " + (input == null ? "input" : "instruction")));
            return;
        }
        String output = text(e, "output");
        String task = text(e, "task");
        items.add(new Item(id, root.resolve(input), output == null ? null : root.resolve(output), instruction,
                task == null ? "unknown" : task, text(e, "category"), text(e, "explicit_instruction"),
                text(e, "no_change_instruction")));
    }

    /** A whole-file JSON document; malformed is the user's mistake, told in one line naming the file and where. */
    private static JsonNode parse(Path file, String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            String problem = e.getOriginalMessage() == null ? "malformed" : e.getOriginalMessage().strip().lines().findFirst().orElse("");
            throw new UserError("bad JSON in " + file.toAbsolutePath().normalize() + ": " + problem + where, e);
        }
    }

    private static boolean isDiscEdit(JsonNode array) {
        JsonNode first = array.size() == 0 ? null : array.get(0);
        return first != null && first.has("pos") && !first.has("instruction");
    }

    /** {@code disc_edit_data} with a folder per task, or one task's folder. */
    private static Contents discEditFolder(Path folder) throws IOException {
        List<Path> taskFolders = taskFiles(folder).isEmpty() ? subfolders(folder) : List.of(folder);
        List<Item> items = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        for (Path task : taskFolders) {
            for (Path file : taskFiles(task)) {
                JsonNode array = parse(file, Files.readString(file, StandardCharsets.UTF_8));
                if (array.isArray() && isDiscEdit(array)) {
                    discEditFile(file, array, items, skipped);
                } else {
                    skipped.add(new Skipped(task.getFileName() + "/" + file.getFileName(), "not a DiscEdit file (an array of {input or image, pos, neg})"));
                }
            }
        }
        if (items.isEmpty() && skipped.isEmpty()) {
            throw new IOException(folder + " holds no DiscEdit task folder (disc_edit_data/<task>/*.json)");
        }
        return new Contents(DISC_EDIT_FORMAT, items, skipped);
    }

    private static List<Path> subfolders(Path folder) throws IOException {
        try (Stream<Path> children = Files.list(folder)) {
            return children.filter(Files::isDirectory).sorted().toList();
        }
    }

    /** A task folder's test split as AURORA's evaluation picks it: itm_test.json, else valid.json, else every *.json. */
    static List<Path> taskFiles(Path task) throws IOException {
        for (String split : List.of("itm_test.json", "valid.json")) {
            if (Files.isRegularFile(task.resolve(split))) {
                return List.of(task.resolve(split));
            }
        }
        try (Stream<Path> children = Files.list(task)) {
            return children.filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p)).sorted().toList();
        }
    }

    private static void discEditFile(Path file, JsonNode array, List<Item> items, List<Skipped> skipped) {
        Path folder = file.toAbsolutePath().getParent();
        String task = folder.getFileName().toString();
        for (int i = 0; i < array.size(); i++) {
            JsonNode e = array.get(i);
            String id = task + ":" + (text(e, "id") != null ? text(e, "id") : String.format("%05d", i));
            String input = text(e, "input") != null ? text(e, "input") : text(e, "image");
            String noChange = text(e, "pos");
            String change = text(e, "neg") != null ? text(e, "neg") : text(e, "prompt");
            if (input == null || noChange == null || change == null) {
                skipped.add(new Skipped(id, "entry " + i + " of " + task + "/" + file.getFileName() + " has no "
                        + (input == null ? "input or image" : noChange == null ? "pos (the no-change prompt)" : "neg or prompt (the change prompt)")));
                continue;
            }
            String output = text(e, "output");
            items.add(new Item(id, locate(folder, input), output == null ? null : locate(folder, output), change, task, null, null, noChange));
        }
    }

    /** {@code relative} against {@code folder}, else against the first folder above it where it exists; else against {@code folder}. */
    static Path locate(Path folder, String relative) {
        for (Path base = folder; base != null; base = base.getParent()) {
            Path candidate = base.resolve(relative);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        return folder.resolve(relative);
    }

    private static void reason50k(JsonNode e, int line, Path root, List<Item> items, List<Skipped> skipped) {
        String id = text(e, "id") != null ? text(e, "id") : String.format("line%05d", line + 1);
        String input = text(e, "src_image");
        String instruction = text(e, "instruction");
        if (input == null || instruction == null) {
            skipped.add(new Skipped(id, "line " + (line + 1) + " has no " + (input == null ? "src_image" : "instruction")));
            return;
        }
        String target = text(e, "tgt_image");
        String task = text(e, "task");
        items.add(new Item(id, root.resolve(input), target == null ? null : root.resolve(target), instruction,
                task == null ? REASON50K_TASK : task, text(e, "category"), text(e, "explicit_instruction"),
                text(e, "no_change_instruction")));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }
}
