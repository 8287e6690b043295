package io.editstream.local;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report's tables, per model tag: one row per task, then the balanced overall row; one row per edit
 * family when tasks have sub-tasks ("location/swap" is in family "location"); and one row per reasoning
 * category. Scores read "mean±SE" (3 decimals; no SE from a single item), each pixel and
 * embedding score next to its copy-the-input baseline; DiscEdit and exact match add their sample size, and so
 * do the VLM judge's 1–5 ratings (2 decimals; no copy column: the judge rates the edit), shown when a judge ran.
 * Exact match reads "–" for a group none of whose items states an explicit instruction.
 * Rendered as aligned plain text (console) or as Markdown.
 */
public final class ReportTables {
    /** Score name → column title; a score shows only when some group has it. */
    static final List<String[]> SCORES = List.of(new String[] {"l1", "L1↓"}, new String[] {"l2", "L2↓"},
            new String[] {"clip_i", "CLIP-I"}, new String[] {"clip_t", "CLIP-T"}, new String[] {"dino", "DINO"});
    /** The VLM judge's ratings (1–5) → column title; shown with their n, without a copy column. */
    static final List<String[]> JUDGE = List.of(new String[] {"judge_instruction", "judge instr."},
            new String[] {"judge_consistency", "judge consist."}, new String[] {"judge_plausibility", "judge plaus."});

    private ReportTables() {
    }

    /** Each table: a title and rows, the first row being the header. */
    public record Table(String title, List<List<String>> rows) {
    }

    public static List<Table> tables(JsonObject report) {
        List<Table> tables = new ArrayList<>();
        JsonObject models = report.getJsonObject("models", new JsonObject());
        for (String tag : models.fieldNames()) {
            JsonObject model = models.getJsonObject(tag);
            List<String> scores = present(model);
            String who = tag.isEmpty() ? "" : " — model " + tag;
            List<List<String>> byTask = new ArrayList<>();
            byTask.add(header("task", scores));
            model.getJsonObject("tasks").forEach(t -> byTask.add(row(t.getKey(), (JsonObject) t.getValue(), scores)));
            byTask.add(row("overall (balanced)", model.getJsonObject("overall"), scores));
            tables.add(new Table("Per task" + who, byTask));
            JsonObject families = model.getJsonObject("families", new JsonObject());
            if (families.size() < model.getJsonObject("tasks").size()) {
                List<List<String>> byFamily = new ArrayList<>();
                byFamily.add(header("edit family", scores));
                families.forEach(f -> byFamily.add(row(f.getKey(), (JsonObject) f.getValue(), scores)));
                tables.add(new Table("Per edit family" + who, byFamily));
            }
            List<List<String>> byCategory = new ArrayList<>();
            byCategory.add(header("category", scores));
            model.getJsonObject("categories").forEach(c -> byCategory.add(row(c.getKey().isEmpty() ? "(none)" : c.getKey(),
                    (JsonObject) c.getValue(), scores)));
            tables.add(new Table("Per reasoning category" + who, byCategory));
        }
        return tables;
    }

    private static List<String> present(JsonObject model) {
        List<String> names = new ArrayList<>();
        for (String[] s : concat()) {
            if (model.getJsonObject("overall").getJsonObject("scores").containsKey(s[0])) {
                names.add(s[0]);
            }
        }
        return names;
    }

    private static List<String[]> concat() {
        List<String[]> all = new ArrayList<>(SCORES);
        all.addAll(JUDGE);
        return all;
    }

    private static boolean judge(String score) {
        return JUDGE.stream().anyMatch(j -> j[0].equals(score));
    }

    private static List<String> header(String first, List<String> scores) {
        List<String> h = new ArrayList<>(List.of(first, "items"));
        for (String[] s : concat()) {
            if (scores.contains(s[0])) {
                h.add(s[1]);
                if (!judge(s[0])) {
                    h.add("copy");
                }
            }
        }
        h.addAll(List.of("DiscEdit acc", "exact match", "reasoning acc", "human"));
        return h;
    }

    private static List<String> row(String name, JsonObject group, List<String> scores) {
        List<String> r = new ArrayList<>(List.of(name, Integer.toString(group.getInteger("items", 0))));
        for (String s : scores) {
            if (judge(s)) {
                r.add(counted(group.getJsonObject("scores").getJsonObject(s), 2));
                continue;
            }
            int digits = s.startsWith("l") ? 4 : 3;   // pixel errors of minimal edits are small: 0.0012 vs 0.0019 matters
            r.add(estimate(group.getJsonObject("scores").getJsonObject(s), digits));
            r.add(estimate(group.getJsonObject("copyBaseline").getJsonObject(s), digits));
        }
        r.add(counted(group.getJsonObject("discEdit"), 3));
        r.add(counted(group.getJsonObject("exactMatch"), 2));
        r.add(counted(group.getJsonObject("reasoning"), 2));
        r.add(counted(group.getJsonObject("human"), 1));
        return r;
    }

    static String estimate(JsonObject e, int decimals) {
        if (e == null || e.getValue("mean") == null) {
            return "–";
        }
        String mean = String.format(Locale.ROOT, "%." + decimals + "f", e.getDouble("mean"));
        return e.getValue("se") == null ? mean : mean + "±" + String.format(Locale.ROOT, "%." + decimals + "f", e.getDouble("se"));
    }

    static String counted(JsonObject e, int decimals) {
        String value = estimate(e, decimals);
        return value.equals("–") ? value : value + " (" + e.getInteger("n") + ")";
    }

    public static String text(List<Table> tables) {
        StringBuilder out = new StringBuilder();
        for (Table t : tables) {
            int columns = t.rows().get(0).size();
            int[] width = new int[columns];
            t.rows().forEach(r -> {
                for (int c = 0; c < columns; c++) {
                    width[c] = Math.max(width[c], r.get(c).length());
                }
            });
            out.append(t.title()).append('\n');
            for (List<String> r : t.rows()) {
                for (int c = 0; c < columns; c++) {
                    String cell = r.get(c);
                    out.append(c == 0 ? cell + " ".repeat(width[c] - cell.length()) : " ".repeat(width[c] - cell.length() + 2) + cell);
                }
                out.append('\n');
            }
            out.append('\n');
        }
        return out.toString();
    }

    public static String markdown(List<Table> tables) {
        StringBuilder out = new StringBuilder();
        for (Table t : tables) {
            out.append("### ").append(t.title()).append("\n\n");
            List<String> header = t.rows().get(0);
            out.append("| ").append(String.join(" | ", header)).append(" |\n|");
            header.forEach(h -> out.append("---|"));
            out.append('\n');
            t.rows().stream().skip(1).forEach(r -> out.append("| ").append(String.join(" | ", r)).append(" |\n"));
            out.append('\n');
        }
        return out.toString();
    }
}
