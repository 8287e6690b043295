package io.editstream.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A small run aggregated by hand: per-task and per-category means, DiscEdit pairing, exact match, human judgement. */
class BenchmarkSummaryTest {

    private static JsonObject entry(String id, String tag, String item, String task, String category, long seed, String variant,
                                    double l1, Double latent) {
        JsonObject scores = new JsonObject().put("l1", l1).put("clip_t", l1 * 2);
        if (latent != null) {
            scores.put("source_latent_l2", latent);
        }
        return new JsonObject().put("run", "r").put("requestId", id).put("modelTag", tag).put("item", item).put("task", task)
                .put("category", category).put("seed", seed).put("variant", variant).put("scores", scores)
                .put("copyBaseline", new JsonObject().put("l1", 0.3).put("clip_t", 0.1))
                .put("ratings", new JsonObject()).put("comparisons", new JsonObject());
    }

    static List<JsonObject> run() {
        return run(1);
    }

    static List<JsonObject> run(long order) {
        List<JsonObject> entries = new ArrayList<>();
        JsonObject item1 = entry("r1", "a", "1", "kubric", "PHYSICAL", 0, "edit", 0.1, 5.0)
                .put("targetText", "Move the cube").put("explicitInstruction", " move  the CUBE ")
                .put("ratings", new JsonObject().put("ann", 100).put("bob", 50))
                .put("comparisons", new JsonObject().put("ann", new JsonObject().put("versus", "b1").put("score", 100))
                        .put("bob", new JsonObject().put("versus", "b1").put("score", 50)));
        entries.add(item1);
        entries.add(entry("r2", "a", "1", "kubric", "PHYSICAL", 0, "no_change", 0.0, 3.0));   // 3 < 5: correct
        entries.add(entry("r3", "a", "1", "kubric", "PHYSICAL", 1, "edit", 0.9, 4.0));        // seed 1 only serves DiscEdit
        entries.add(entry("r4", "a", "1", "kubric", "PHYSICAL", 1, "no_change", 0.0, 6.0));   // 6 > 4: wrong
        entries.add(entry("r5", "a", "2", "kubric", "CAUSAL", 0, "edit", 0.3, 2.0)
                .put("targetText", "add a ball").put("explicitInstruction", "remove a ball")
                .put("ratings", new JsonObject().put("ann", 0).put("bob", 0)));
        entries.add(entry("r6", "a", "2", "kubric", "CAUSAL", 0, "no_change", 0.0, 1.0));     // correct
        entries.add(entry("r7", "a", "3", "whatsup", "PHYSICAL", 0, "edit", 0.5, null)
                .put("ratings", new JsonObject().put("ann", 100)));
        entries.add(entry("b1", "b", "1", "kubric", "PHYSICAL", 0, "edit", 0.7, null));
        Collections.shuffle(entries, new java.util.Random(order));   // arrival order must not matter
        return entries;
    }

    @Test
    void perTaskMeansCountEachItemOnceAtItsLowestSeed() {
        JsonObject kubric = BenchmarkSummary.summarize("r", run()).getJsonObject("models").getJsonObject("a")
                .getJsonObject("tasks").getJsonObject("kubric");
        assertThat(kubric.getInteger("items")).isEqualTo(2);
        JsonObject l1 = kubric.getJsonObject("scores").getJsonObject("l1");
        assertThat(l1.getDouble("mean")).isCloseTo(0.2, within(1e-12));       // (0.1 + 0.3) / 2, not 0.9
        assertThat(l1.getDouble("se")).isCloseTo(0.1, within(1e-12));         // sd √0.02 = 0.1414 over √2
        assertThat(kubric.getJsonObject("copyBaseline").getJsonObject("l1").getDouble("mean")).isCloseTo(0.3, within(1e-12));
        assertThat(kubric.getJsonObject("scores").containsKey("source_latent_l2")).isFalse();
    }

    @Test
    void discEditPairsEditAndNoChangeOfTheSameItemAndSeed() {
        JsonObject a = BenchmarkSummary.summarize("r", run()).getJsonObject("models").getJsonObject("a");
        JsonObject kubric = a.getJsonObject("tasks").getJsonObject("kubric").getJsonObject("discEdit");
        assertThat(kubric.getInteger("n")).isEqualTo(3);
        assertThat(kubric.getDouble("mean")).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(kubric.getDouble("se")).isCloseTo(Math.sqrt(2.0 / 3 * 1.0 / 3 / 3), within(1e-12));   // 0.2722
        assertThat(a.getJsonObject("tasks").getJsonObject("whatsup").getJsonObject("discEdit").getValue("mean")).isNull();
        JsonObject physical = a.getJsonObject("categories").getJsonObject("PHYSICAL").getJsonObject("discEdit");
        assertThat(physical.getDouble("mean")).isEqualTo(0.5);
        assertThat(a.getJsonObject("categories").getJsonObject("CAUSAL").getJsonObject("discEdit").getDouble("mean")).isEqualTo(1.0);
    }

    @Test
    void exactMatchIgnoresCaseAndWhitespaceOnly() {
        JsonObject kubric = BenchmarkSummary.summarize("r", run()).getJsonObject("models").getJsonObject("a")
                .getJsonObject("tasks").getJsonObject("kubric").getJsonObject("exactMatch");
        assertThat(kubric.getDouble("mean")).isEqualTo(0.5);
        assertThat(kubric.getInteger("n")).isEqualTo(2);
        assertThat(BenchmarkSummary.normalise("  Move\tthe  CUBE left ")).isEqualTo("move the cube left");
    }

    @Test
    void reasoningAccuracyCountsItemsWhoseReasonerNamedTheirScenario() {
        List<JsonObject> entries = List.of(
                entry("y1", "a", "1", "count/add", "STORY", 0, "edit", 0.1, null).put("reasoningType", "STORY"),
                entry("y2", "a", "2", "count/add", "STORY", 0, "edit", 0.1, null).put("reasoningType", "CAUSAL"),
                entry("y3", "a", "3", "count/add", "CAUSAL", 0, "edit", 0.1, null).put("reasoningType", "CAUSAL"),
                entry("y4", "a", "4", "count/add", "", 0, "edit", 0.1, null).put("reasoningType", "CAUSAL"));   // no scenario
        JsonObject a = BenchmarkSummary.summarize("r", entries).getJsonObject("models").getJsonObject("a");
        JsonObject overall = a.getJsonObject("overall").getJsonObject("reasoning");
        assertThat(overall.getInteger("n")).isEqualTo(3);
        assertThat(overall.getDouble("mean")).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(a.getJsonObject("categories").getJsonObject("STORY").getJsonObject("reasoning").getDouble("mean")).isEqualTo(0.5);
    }

    @Test
    void subTasksRollUpIntoTheirEditFamily() {
        List<JsonObject> entries = List.of(
                entry("x1", "a", "1", "location/swap", "PHYSICAL", 0, "edit", 0.1, null),
                entry("x2", "a", "2", "location/closer", "STORY", 0, "edit", 0.3, null),
                entry("x3", "a", "3", "count/add", "STORY", 0, "edit", 0.7, null));
        JsonObject families = BenchmarkSummary.summarize("r", entries).getJsonObject("models").getJsonObject("a")
                .getJsonObject("families");
        assertThat(families.fieldNames()).containsExactlyInAnyOrder("location", "count");
        assertThat(families.getJsonObject("location").getInteger("items")).isEqualTo(2);
        assertThat(families.getJsonObject("location").getJsonObject("scores").getJsonObject("l1").getDouble("mean"))
                .isCloseTo(0.2, within(1e-12));
        assertThat(BenchmarkSummary.family("kubric")).isEqualTo("kubric");
    }

    @Test
    void overallIsBalancedOverTasks() {
        JsonObject overall = BenchmarkSummary.summarize("r", run()).getJsonObject("models").getJsonObject("a").getJsonObject("overall");
        // tasks kubric (2 items, 0.2) and whatsup (1 item, 0.5) weigh the same: 0.35, not (0.1+0.3+0.5)/3
        assertThat(overall.getJsonObject("scores").getJsonObject("l1").getDouble("mean")).isCloseTo(0.35, within(1e-12));
        assertThat(overall.getJsonObject("scores").getJsonObject("l1").getValue("se")).isNull();   // whatsup has one item
        assertThat(overall.getJsonObject("discEdit").getDouble("mean")).isCloseTo(2.0 / 3, within(1e-12));
        // human: kubric items 75 and 0 → 37.5; whatsup 100; balanced (37.5 + 100) / 2
        assertThat(overall.getJsonObject("human").getDouble("mean")).isCloseTo(68.75, within(1e-12));
        assertThat(overall.getInteger("items")).isEqualTo(3);
    }

    @Test
    void humanJudgementAgreementAndWinRates() {
        JsonObject human = BenchmarkSummary.summarize("r", run()).getJsonObject("human");
        assertThat(human.getInteger("ratings")).isEqualTo(5);
        assertThat(human.getInteger("ratedItems")).isEqualTo(3);
        assertThat(human.getJsonArray("raters").getList()).containsExactly("ann", "bob");
        // subjects with two ratings: {100, 50} and {0, 0}: P̄ = 0.5, P̄e = 0.375 → κ = 0.2
        assertThat(human.getDouble("fleissKappa")).isCloseTo(0.2, within(1e-12));
        JsonObject ab = human.getJsonObject("winRates").getJsonObject("a vs b");
        assertThat(ab.getInteger("comparisons")).isEqualTo(2);
        assertThat(ab.getDouble("aWins")).isEqualTo(0.5);
        assertThat(ab.getDouble("draws")).isEqualTo(0.5);
        assertThat(ab.getDouble("bWins")).isZero();
    }

    @Test
    void theSameEntriesInAnyOrderGiveTheSameReport() {
        assertThat(BenchmarkSummary.summarize("r", run(1)).encode()).isEqualTo(BenchmarkSummary.summarize("r", run(7)).encode());
    }
}
