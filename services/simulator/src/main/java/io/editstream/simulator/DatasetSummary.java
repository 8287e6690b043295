package io.editstream.simulator;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a generated dataset holds: where it is and how many triplets it has per split, edit family,
 * task (family/subtype) and instruction category; {@link #format()} is the summary the command prints.
 */
public record DatasetSummary(Path root, Map<Split, Integer> perSplit, Map<EditFamily, Integer> perFamily,
                             Map<String, Integer> perTask, Map<Category, Integer> perCategory) {

    public DatasetSummary {
        perSplit = Collections.unmodifiableMap(copy(Split.class, perSplit));
        perFamily = Collections.unmodifiableMap(copy(EditFamily.class, perFamily));
        perTask = Collections.unmodifiableMap(new TreeMap<>(perTask));
        perCategory = Collections.unmodifiableMap(copy(Category.class, perCategory));
    }

    /** An empty summary to count into. */
    static DatasetSummary empty(Path root) {
        return new DatasetSummary(root, new EnumMap<>(Split.class), new EnumMap<>(EditFamily.class), Map.of(),
                new EnumMap<>(Category.class));
    }

    /** This summary with one more triplet counted. */
    DatasetSummary plus(Triplet t) {
        Map<Split, Integer> splits = copy(Split.class, perSplit);
        Map<EditFamily, Integer> families = copy(EditFamily.class, perFamily);
        Map<String, Integer> tasks = new TreeMap<>(perTask);
        Map<Category, Integer> categories = copy(Category.class, perCategory);
        splits.merge(t.split(), 1, Integer::sum);
        families.merge(t.edit().family(), 1, Integer::sum);
        tasks.merge(t.edit().type().task(), 1, Integer::sum);
        categories.merge(t.category(), 1, Integer::sum);
        return new DatasetSummary(root, splits, families, tasks, categories);
    }

    private static <K extends Enum<K>> EnumMap<K, Integer> copy(Class<K> type, Map<K, Integer> counts) {
        EnumMap<K, Integer> copy = new EnumMap<>(type);
        copy.putAll(counts);
        return copy;
    }

    public int total() {
        return perSplit.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** A human-readable table: totals per split, family, task and category. */
    public String format() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%d triplets in %s%n", total(), root));
        perSplit.forEach((k, v) -> out.append(String.format("  split     %-24s %6d%n", k.folder(), v)));
        perFamily.forEach((k, v) -> out.append(String.format("  family    %-24s %6d%n", k.word(), v)));
        perTask.forEach((k, v) -> out.append(String.format("  task      %-24s %6d%n", k, v)));
        perCategory.forEach((k, v) -> out.append(String.format("  category  %-24s %6d%n", k, v)));
        return out.toString();
    }
}
