package io.editstream.benchmark;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Aggregates a benchmark run's entries ({@link BenchmarkEntries}) per model tag, then per task and per
 * reasoning category:
 * <ul>
 * <li>every score (L1, L2, CLIP-I, CLIP-T, DINO, ...) as mean ± standard error over items, next to the
 *     copy-the-input baseline; an item counts once, with its edit at the lowest seed (its other seeds
 *     only serve DiscEdit);</li>
 * <li>DiscEdit: an edit and its no-change twin of the same item and seed pair up; the pair is correct when
 *     the no-change rendering stays closer to the source latent; accuracy ± binomial SE over item-seeds;</li>
 * <li>reasoner exact match: the explicit instruction the reasoner produced equals the item's, after
 *     lower-casing and collapsing whitespace;</li>
 * <li>human judgement: per item the mean of its 0/50/100 ratings, then mean ± SE over rated items;</li>
 * <li>the VLM judge's 1–5 ratings ({@code judge_*} scores) like every score, over the items it rated; the items it
 *     was asked about but could not rate ({@code judge_unavailable}) are counted as {@code judgeUnavailable};</li>
 * <li>overall: the balanced score (mean of the task means, equal weight per task) for scores and human
 *     judgement; DiscEdit and exact match pooled over all items.</li>
 * </ul>
 * Run-wide human figures: Fleiss' kappa across raters and the A/B win rates. Entries are sorted first,
 * so the same entries always give the same numbers.
 */
public final class BenchmarkSummary {
    /** ReasonBrain's reasoning scenarios, the categories whose reasoning type the reasoner should name. */
    private static final Set<String> SCENARIOS = Set.of("EXPLICIT", "PHYSICAL", "TEMPORAL", "CAUSAL", "STORY");
    static final String LATENT_DISTANCE = "source_latent_l2";
    /** The scorer's mark on an edit its VLM judge could not rate (a count, not a score). */
    static final String JUDGE_UNAVAILABLE = "judge_unavailable";
    static final String JUDGE_PREFIX = "judge_";
    private static final int[] HUMAN_CATEGORIES = {0, 50, 100};

    private BenchmarkSummary() {
    }

    /** Lower case, runs of whitespace as one space, trimmed. */
    public static String normalise(String instruction) {
        return instruction == null ? "" : instruction.toLowerCase(Locale.ROOT).trim().replaceAll("\\s+", " ");
    }

    public static JsonObject summarize(String run, List<JsonObject> all) {
        List<JsonObject> entries = new ArrayList<>(all.stream().filter(e -> e.containsKey("item")).toList());
        entries.sort(Comparator.comparing((JsonObject e) -> e.getString("modelTag", ""))
                .thenComparing(e -> e.getString("item", "")).thenComparing(e -> e.getLong("seed", 0L))
                .thenComparing(e -> e.getString("variant", "")).thenComparing(e -> e.getString("requestId", "")));
        Map<String, List<JsonObject>> byModel = group(entries, e -> e.getString("modelTag", ""));
        JsonObject models = new JsonObject();
        byModel.forEach((tag, list) -> models.put(tag, model(list)));
        return new JsonObject().put("run", run).put("entries", entries.size()).put("models", models)
                .put("human", human(entries));
    }

    private static JsonObject model(List<JsonObject> entries) {
        List<JsonObject> primary = primaries(entries);
        Map<String, Boolean> disc = discEdit(entries);
        JsonObject tasks = new JsonObject();
        group(primary, e -> e.getString("task", "")).forEach((task, items) -> tasks.put(task, group(items, disc)));
        JsonObject categories = new JsonObject();
        group(primary, e -> e.getString("category", "")).forEach((cat, items) -> categories.put(cat, group(items, disc)));
        JsonObject families = new JsonObject();
        group(primary, e -> family(e.getString("task", ""))).forEach((f, items) -> families.put(f, group(items, disc)));
        return new JsonObject().put("tasks", tasks).put("families", families).put("categories", categories)
                .put("overall", overall(primary, disc, tasks));
    }

    /** The edit family of a task: its part before the first '/' ("location/swap" → "location"). */
    static String family(String task) {
        int slash = task.indexOf('/');
        return slash < 0 ? task : task.substring(0, slash);
    }

    /** Per item the edit at its lowest seed (entries are sorted). */
    static List<JsonObject> primaries(List<JsonObject> entries) {
        Map<String, JsonObject> first = new LinkedHashMap<>();
        for (JsonObject e : entries) {
            if ("edit".equals(e.getString("variant", "edit"))) {
                first.putIfAbsent(e.getString("item"), e);
            }
        }
        return new ArrayList<>(first.values());
    }

    /** item/seed → correct, for every item-seed with both an edit and a no-change rendering measured. */
    static Map<String, Boolean> discEdit(List<JsonObject> entries) {
        Map<String, Double> edits = new TreeMap<>();
        Map<String, Double> noChange = new TreeMap<>();
        for (JsonObject e : entries) {
            Double d = e.getJsonObject("scores", new JsonObject()).getDouble(LATENT_DISTANCE);
            if (d == null) {
                continue;
            }
            String key = e.getString("item") + "/" + e.getLong("seed", 0L);
            ("no_change".equals(e.getString("variant")) ? noChange : edits).put(key, d);
        }
        Map<String, Boolean> correct = new TreeMap<>();
        edits.forEach((key, edit) -> {
            Double same = noChange.get(key);
            if (same != null) {
                correct.put(key, same < edit);
            }
        });
        return correct;
    }

    private static JsonObject group(List<JsonObject> items, Map<String, Boolean> disc) {
        Set<String> ids = new TreeSet<>();
        items.forEach(e -> ids.add(e.getString("item")));
        int correct = 0;
        int pairs = 0;
        for (Map.Entry<String, Boolean> d : disc.entrySet()) {
            if (ids.contains(d.getKey().substring(0, d.getKey().lastIndexOf('/')))) {
                pairs++;
                correct += d.getValue() ? 1 : 0;
            }
        }
        JsonObject out = new JsonObject().put("items", items.size())
                .put("scores", scores(items, "scores")).put("copyBaseline", scores(items, "copyBaseline"))
                .put("discEdit", json(Stats.proportion(correct, pairs)))
                .put("exactMatch", json(exactMatch(items)))
                .put("reasoning", json(reasoningAccuracy(items)))
                .put("human", json(Stats.mean(itemRatings(items))));
        return withJudgeMisses(out, items);
    }

    /** {@code judgeUnavailable}: the items the judge was asked about and could not rate; only where a judge ran. */
    private static JsonObject withJudgeMisses(JsonObject group, List<JsonObject> items) {
        boolean judged = false;
        int missed = 0;
        for (JsonObject e : items) {
            JsonObject scores = e.getJsonObject("scores", new JsonObject());
            judged |= scores.fieldNames().stream().anyMatch(n -> n.startsWith(JUDGE_PREFIX));
            missed += scores.containsKey(JUDGE_UNAVAILABLE) ? 1 : 0;
        }
        return judged ? group.put("judgeUnavailable", missed) : group;
    }

    private static JsonObject overall(List<JsonObject> primary, Map<String, Boolean> disc, JsonObject tasks) {
        JsonObject scores = new JsonObject();
        JsonObject baseline = new JsonObject();
        for (String metric : metricNames(primary)) {
            scores.put(metric, json(balanced(tasks, "scores", metric)));
            baseline.put(metric, json(balanced(tasks, "copyBaseline", metric)));
        }
        int correct = (int) disc.values().stream().filter(b -> b).count();
        List<Stats.Estimate> human = new ArrayList<>();
        tasks.forEach(t -> human.add(estimate(((JsonObject) t.getValue()).getJsonObject("human"))));
        JsonObject out = new JsonObject().put("items", primary.size()).put("scores", scores).put("copyBaseline", baseline)
                .put("discEdit", json(Stats.proportion(correct, disc.size())))
                .put("exactMatch", json(exactMatch(primary)))
                .put("reasoning", json(reasoningAccuracy(primary)))
                .put("human", json(Stats.balanced(human)));
        return withJudgeMisses(out, primary);
    }

    private static Stats.Estimate balanced(JsonObject tasks, String set, String metric) {
        List<Stats.Estimate> perTask = new ArrayList<>();
        tasks.forEach(t -> {
            JsonObject m = ((JsonObject) t.getValue()).getJsonObject(set).getJsonObject(metric);
            if (m != null) {
                perTask.add(estimate(m));
            }
        });
        return Stats.balanced(perTask);
    }

    private static JsonObject scores(List<JsonObject> items, String set) {
        JsonObject out = new JsonObject();
        for (String metric : metricNames(items)) {
            List<Double> values = new ArrayList<>();
            for (JsonObject e : items) {
                Double v = e.getJsonObject(set, new JsonObject()).getDouble(metric);
                if (v != null) {
                    values.add(v);
                }
            }
            if (!values.isEmpty()) {
                out.put(metric, json(Stats.mean(values)));
            }
        }
        return out;
    }

    private static Set<String> metricNames(List<JsonObject> items) {
        Set<String> names = new TreeSet<>();
        items.forEach(e -> names.addAll(e.getJsonObject("scores", new JsonObject()).fieldNames()));
        names.remove(LATENT_DISTANCE);   // DiscEdit's raw material, not a quality score
        names.remove(JUDGE_UNAVAILABLE);   // a mark, counted as judgeUnavailable
        return names;
    }

    static Stats.Estimate exactMatch(List<JsonObject> items) {
        int n = 0;
        int same = 0;
        for (JsonObject e : items) {
            String expected = e.getString("targetText");
            if (expected != null && e.containsKey("explicitInstruction")) {
                n++;
                same += normalise(expected).equals(normalise(e.getString("explicitInstruction"))) ? 1 : 0;
            }
        }
        return Stats.proportion(same, n);
    }

    /** The share of items whose reasoner named the item's own ReasonBrain scenario (EXPLICIT … STORY), among those that have one. */
    static Stats.Estimate reasoningAccuracy(List<JsonObject> items) {
        int n = 0;
        int same = 0;
        for (JsonObject e : items) {
            String category = e.getString("category", "");
            if (SCENARIOS.contains(category) && e.containsKey("reasoningType")) {
                n++;
                same += category.equals(e.getString("reasoningType")) ? 1 : 0;
            }
        }
        return Stats.proportion(same, n);
    }

    private static List<Double> itemRatings(List<JsonObject> items) {
        List<Double> means = new ArrayList<>();
        for (JsonObject e : items) {
            JsonObject ratings = e.getJsonObject("ratings", new JsonObject());
            if (!ratings.isEmpty()) {
                double sum = 0;
                for (String rater : ratings.fieldNames()) {
                    sum += ratings.getInteger(rater);
                }
                means.add(sum / ratings.size());
            }
        }
        return means;
    }

    private static JsonObject human(List<JsonObject> entries) {
        List<List<Integer>> subjects = new ArrayList<>();
        Set<String> raters = new TreeSet<>();
        int ratings = 0;
        Map<String, String> tagOf = new TreeMap<>();
        entries.forEach(e -> tagOf.put(e.getString("requestId"), e.getString("modelTag", "")));
        Map<String, int[]> wins = new TreeMap<>();
        for (JsonObject e : entries) {
            JsonObject r = e.getJsonObject("ratings", new JsonObject());
            if (!r.isEmpty()) {
                List<Integer> values = new ArrayList<>();
                for (String rater : new TreeSet<>(r.fieldNames())) {
                    values.add(r.getInteger(rater));
                    raters.add(rater);
                    ratings++;
                }
                subjects.add(values);
            }
            JsonObject c = e.getJsonObject("comparisons", new JsonObject());
            for (String rater : new TreeSet<>(c.fieldNames())) {
                JsonObject vs = c.getJsonObject(rater);
                String pair = tagOf.getOrDefault(e.getString("requestId"), "") + " vs " + tagOf.getOrDefault(vs.getString("versus"), "?");
                int[] counts = wins.computeIfAbsent(pair, p -> new int[3]);
                int score = vs.getInteger("score");
                counts[score == 100 ? 0 : score == 0 ? 1 : 2]++;
                raters.add(rater);
            }
        }
        JsonObject winRates = new JsonObject();
        wins.forEach((pair, c) -> {
            int n = c[0] + c[1] + c[2];
            winRates.put(pair, new JsonObject().put("comparisons", n).put("aWins", (double) c[0] / n)
                    .put("bWins", (double) c[1] / n).put("draws", (double) c[2] / n));
        });
        double kappa = FleissKappa.ofRatings(subjects, HUMAN_CATEGORIES);
        return new JsonObject().put("ratings", ratings).put("ratedItems", subjects.size())
                .put("raters", new JsonArray(new ArrayList<>(raters))).put("fleissKappa", Double.isNaN(kappa) ? null : kappa)
                .put("winRates", winRates);
    }

    private static <K> Map<K, List<JsonObject>> group(List<JsonObject> entries, Function<JsonObject, K> key) {
        Map<K, List<JsonObject>> groups = new TreeMap<>();
        entries.forEach(e -> groups.computeIfAbsent(key.apply(e), k -> new ArrayList<>()).add(e));
        return groups;
    }

    /** {mean, se, n}; NaN (no data, or one sample for an error) becomes null, which JSON can carry. */
    static JsonObject json(Stats.Estimate e) {
        return new JsonObject().put("mean", Double.isNaN(e.mean()) ? null : e.mean()).put("se", Double.isNaN(e.se()) ? null : e.se())
                .put("n", e.n());
    }

    static Stats.Estimate estimate(JsonObject json) {
        Double mean = json.getDouble("mean");
        Double se = json.getDouble("se");
        return new Stats.Estimate(mean == null ? Double.NaN : mean, se == null ? Double.NaN : se, json.getInteger("n", 0));
    }
}
