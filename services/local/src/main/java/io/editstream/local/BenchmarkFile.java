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

/**
 * Reads a benchmark file in either of the two formats, image paths resolved against the file's folder:
 * <ul>
 * <li>AURORA-Bench JSON: an array of {@code {input, output?, instruction, task}}, optionally with our
 *     extensions {@code id, category, explicit_instruction, no_change_instruction};</li>
 * <li>Reason50K-style JSONL (ReasonBrain): one {@code {id, category, src_image, tgt_image, instruction,
 *     objects}} per line.</li>
 * </ul>
 * The format is told by the first character (an array or an object). An entry without an input image
 * or an instruction is not an item: it is listed as skipped with the reason, and the others are read.
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

    public static Contents read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        Path root = file.toAbsolutePath().getParent();
        List<Item> items = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        if (text.startsWith("[")) {
            JsonNode array = JSON.readTree(text);
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
