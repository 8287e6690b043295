package io.editstream.simulator;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.awt.Rectangle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes triplets as a dataset: per split a folder ({@code train/}, {@code validation/},
 * {@code test/}) with {@code NNNNN_input.png} / {@code NNNNN_output.png}, an AURORA-Bench
 * {@code benchmark.json} (array of {input, output, instruction, task} with paths relative to the
 * split folder, extended with category, explicit_instruction (the canonical wording, see
 * {@link Phrasing}), the explicit wording this item would use (explicit_variant), no_change_instruction, the four
 * hypothetical instructions, the named objects and the changed pixel region; the test split also gets
 * {@code benchmark-heldout.json}, its items asked in held-out phrasings) and a ReasonBrain
 * {@code reasonbrain.jsonl} ({id, category, src_image, tgt_image, instruction, objects}); at the
 * root, {@code dataset.json} records the seed, image size, counts and each split's object phrases
 * (and says "incomplete" until the last file is written).
 * Output is byte-for-byte a function of the triplets: fixed key order, "\n" line ends, no clock. It
 * never writes into a folder holding anything but an earlier dataset, and replaces one only when asked.
 */
public final class DatasetWriter {
    public static final String MANIFEST = "dataset.json";
    public static final String BENCHMARK = "benchmark.json";
    public static final String REASONBRAIN = "reasonbrain.jsonl";
    private static final String FORMAT = "editstream-simulator/1";

    private final Path root;
    private final SceneRenderer renderer;
    private final Map<Split, List<Map<String, Object>>> benchmark = new EnumMap<>(Split.class);
    private final Map<Split, StringBuilder> jsonl = new EnumMap<>(Split.class);
    private final List<Map<String, Object>> heldOut = new ArrayList<>();
    private final ObjectMapper mapper = new ObjectMapper();
    private final ObjectWriter pretty;
    private DatasetSummary summary;

    private DatasetWriter(Path root, SceneRenderer renderer) {
        this.root = root;
        this.renderer = renderer;
        DefaultIndenter lf = new DefaultIndenter("  ", "\n");
        // "key": value, and "\n" whatever the platform's line separator, so files are equal everywhere
        Separators separators = Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER);
        this.pretty = mapper.writer(new DefaultPrettyPrinter(separators).withObjectIndenter(lf).withArrayIndenter(lf));
        this.summary = DatasetSummary.empty(root);
    }

    /** A writer into {@code root}, which must be empty or absent — or, with {@code overwrite}, an earlier dataset. */
    public static DatasetWriter create(Path root, SceneRenderer renderer, boolean overwrite) throws IOException {
        if (checkOutput(root, overwrite)) {
            for (Split split : Split.values()) {
                deleteTree(root.resolve(split.folder()));
            }
            Files.deleteIfExists(root.resolve(MANIFEST));
            Files.deleteIfExists(root.resolve(ContactSheet.FILE));
        }
        for (Split split : Split.values()) {
            Files.createDirectories(root.resolve(split.folder()));
        }
        DatasetWriter writer = new DatasetWriter(root, renderer);
        // marks the folder as ours at once, so an interrupted run can be replaced with --overwrite
        Map<String, Object> pending = new LinkedHashMap<>();
        pending.put("format", FORMAT);
        pending.put("status", "incomplete");
        Files.write(root.resolve(MANIFEST), writer.bytes(pending));
        return writer;
    }

    /**
     * Whether {@code root} may be written: true when it holds an earlier dataset to replace, false when
     * it is absent or empty; an IllegalArgumentException saying why not otherwise.
     */
    public static boolean checkOutput(Path root, boolean overwrite) throws IOException {
        if (!Files.exists(root)) {
            return false;
        }
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("output " + root + " is a file, not a folder");
        }
        List<Path> present;
        try (var listing = Files.list(root)) {
            present = listing.sorted().toList();
        }
        if (present.isEmpty()) {
            return false;
        }
        if (!overwrite) {
            throw new IllegalArgumentException("output folder " + root + " is not empty (it holds "
                    + present.get(0).getFileName() + "); choose an empty folder or pass --overwrite");
        }
        if (!Files.exists(root.resolve(MANIFEST))) {
            throw new IllegalArgumentException("refusing to overwrite " + root + ": it has no " + MANIFEST
                    + ", so it is not a simulator dataset");
        }
        return true;
    }

    public Path root() {
        return root;
    }

    /** Renders and writes one triplet's images and records its index entries. */
    public void add(Triplet t) throws IOException {
        add(t, null);
    }

    /** {@link #add(Triplet)}, plus the item's entry in the held-out benchmark when {@code heldOutInstruction} is given. */
    public void add(Triplet t, String heldOutInstruction) throws IOException {
        Path dir = root.resolve(t.split().folder());
        String input = t.stem() + "_input.png";
        String output = t.stem() + "_output.png";
        Files.write(dir.resolve(input), renderer.png(t.source()));
        Files.write(dir.resolve(output), renderer.png(t.target()));
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", t.id());
        entry.put("input", input);
        entry.put("output", output);
        entry.put("instruction", t.instruction());
        entry.put("task", t.edit().type().task());
        entry.put("category", t.category().name());
        entry.put("explicit_instruction", t.phrasing().canonical());
        entry.put("explicit_variant", t.phrasing().explicit());
        entry.put("no_change_instruction", t.phrasing().noChange());
        Map<String, String> hypothetical = new LinkedHashMap<>();
        t.phrasing().hypothetical().forEach((c, text) -> hypothetical.put(c.name(), text));
        entry.put("hypothetical_instructions", hypothetical);
        entry.put("objects", t.phrasing().objects());
        entry.put("region", region(t));
        benchmark.computeIfAbsent(t.split(), s -> new ArrayList<>()).add(entry);
        if (heldOutInstruction != null) {
            Map<String, Object> asked = new LinkedHashMap<>(entry);
            asked.put("instruction", heldOutInstruction);
            asked.put("phrasing", "held-out");
            heldOut.add(asked);
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("id", t.id());
        line.put("category", t.category().name());
        line.put("src_image", input);
        line.put("tgt_image", output);
        line.put("instruction", t.instruction());
        line.put("objects", t.phrasing().objects());
        jsonl.computeIfAbsent(t.split(), s -> new StringBuilder()).append(mapper.writeValueAsString(line)).append('\n');
        summary = summary.plus(t);
    }

    /** Writes the index files of every split and the manifest; returns what was written. */
    public DatasetSummary finish(long seed, ComboSplit splits) throws IOException {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", FORMAT);
        manifest.put("status", "complete");
        manifest.put("seed", seed);
        manifest.put("image_size", renderer.size());
        Map<String, Object> perSplit = new LinkedHashMap<>();
        for (Split split : Split.values()) {
            Path dir = root.resolve(split.folder());
            Files.write(dir.resolve(BENCHMARK), bytes(benchmark.getOrDefault(split, List.of())));
            if (split == Split.TEST && !heldOut.isEmpty()) {
                // the test split again, each item asked in a held-out phrasing (see Phraser#heldOut)
                Files.write(dir.resolve("benchmark-heldout.json"), bytes(heldOut));
            }
            Files.writeString(dir.resolve(REASONBRAIN), jsonl.getOrDefault(split, new StringBuilder()), StandardCharsets.UTF_8);
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("count", summary.perSplit().getOrDefault(split, 0));
            info.put("object_phrases", splits.pool(split).stream().map(SceneObject.Combo::phrase).toList());
            perSplit.put(split.folder(), info);
        }
        manifest.put("splits", perSplit);
        manifest.put("tasks", summary.perTask());
        Map<String, Integer> categories = new LinkedHashMap<>();
        summary.perCategory().forEach((c, n) -> categories.put(c.name(), n));
        manifest.put("categories", categories);
        Files.write(root.resolve(MANIFEST), bytes(manifest));
        return summary;
    }

    /** The pixel box [x0, y0, x1, y1) covering every changed object before and after the edit. */
    private List<Integer> region(Triplet t) {
        Set<Integer> ids = new TreeSet<>(SceneDiff.between(t.source(), t.target()).keySet());
        Rectangle box = null;
        for (Scene scene : List.of(t.source(), t.target())) {
            for (SceneObject o : scene.objects()) {
                if (ids.contains(o.id())) {
                    box = box == null ? renderer.bounds(o) : box.union(renderer.bounds(o));
                }
            }
        }
        return List.of(box.x, box.y, box.x + box.width, box.y + box.height);
    }

    private byte[] bytes(Object value) throws IOException {
        return (pretty.writeValueAsString(value) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
