package io.editstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.benchmark.BenchmarkSummary;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Exact match as "–" (null in report.json) where no item states an explicit instruction, and the judge's columns. */
class ReportTablesTest {

    private static JsonObject entry(String item, String task, String targetText, JsonObject scores) {
        return new JsonObject().put("item", item).put("task", task).put("category", "").put("variant", "edit").put("modelTag", "")
                .put("seed", 42L).put("requestId", "r-" + item).put("targetText", targetText).put("explicitInstruction", "add a cup")
                .put("scores", scores).put("copyBaseline", new JsonObject().put("l1", 0.1));
    }

    private static JsonObject judged(double instruction, double consistency, double plausibility) {
        return new JsonObject().put("l1", 0.2).put("judge_instruction", instruction).put("judge_consistency", consistency)
                .put("judge_plausibility", plausibility);
    }

    @Test
    void exactMatchIsADashWhereNoItemStatesAnExplicitInstruction() {
        JsonObject summary = BenchmarkSummary.summarize("run", List.of(
                entry("a1", "magicbrush", null, new JsonObject().put("l1", 0.2)),
                entry("a2", "magicbrush", null, new JsonObject().put("l1", 0.3)),
                entry("k1", "kubric", "add a cup", new JsonObject().put("l1", 0.1))));
        JsonObject model = summary.getJsonObject("models").getJsonObject("");
        JsonObject magicbrush = model.getJsonObject("tasks").getJsonObject("magicbrush").getJsonObject("exactMatch");
        assertThat(magicbrush.getValue("mean")).as("null, not 0").isNull();
        assertThat(magicbrush.getInteger("n")).isZero();
        assertThat(model.getJsonObject("overall").getJsonObject("exactMatch").getDouble("mean")).isEqualTo(1.0);

        List<List<String>> rows = ReportTables.tables(summary).get(0).rows();
        int column = rows.get(0).indexOf("exact match");
        assertThat(rows.get(1)).startsWith("kubric");
        assertThat(rows.get(1).get(column)).isEqualTo("1.00±0.00 (1)");
        assertThat(rows.get(2)).startsWith("magicbrush");
        assertThat(rows.get(2).get(column)).isEqualTo("–");
        assertThat(rows.get(0)).as("no judge, no judge columns").noneMatch(h -> h.startsWith("judge"));
    }

    @Test
    void theJudgesRatingsAreMeansWithTheirNAndTheMissesAreCounted() {
        JsonObject summary = BenchmarkSummary.summarize("run", List.of(
                entry("a1", "magicbrush", null, judged(4, 5, 3)),
                entry("a2", "magicbrush", null, judged(2, 3, 5)),
                entry("a3", "magicbrush", null, new JsonObject().put("l1", 0.3).put("judge_unavailable", 1.0)),
                entry("k1", "kubric", null, judged(5, 5, 5))));
        JsonObject model = summary.getJsonObject("models").getJsonObject("");
        JsonObject magicbrush = model.getJsonObject("tasks").getJsonObject("magicbrush");
        assertThat(magicbrush.getJsonObject("scores").getJsonObject("judge_instruction").getMap())
                .containsEntry("mean", 3.0).containsEntry("se", 1.0).containsEntry("n", 2);
        assertThat(magicbrush.getJsonObject("scores").fieldNames()).doesNotContain("judge_unavailable");
        assertThat(magicbrush.getInteger("judgeUnavailable")).isEqualTo(1);
        assertThat(model.getJsonObject("overall").getInteger("judgeUnavailable")).isEqualTo(1);
        assertThat(model.getJsonObject("overall").getJsonObject("scores").getJsonObject("judge_instruction").getDouble("mean"))
                .as("balanced: (3 + 5) / 2").isEqualTo(4.0);

        List<List<String>> rows = ReportTables.tables(summary).get(0).rows();
        List<String> header = rows.get(0);
        assertThat(header).containsSubsequence("L1↓", "copy", "judge instr.", "judge consist.", "judge plaus.", "DiscEdit acc");
        assertThat(header.get(header.indexOf("judge instr.") + 1)).as("no copy column for the judge").isEqualTo("judge consist.");
        assertThat(rows.get(2).get(header.indexOf("judge instr."))).isEqualTo("3.00±1.00 (2)");
        assertThat(rows.get(1).get(header.indexOf("judge plaus."))).isEqualTo("5.00 (1)");
        assertThat(rows.get(3)).startsWith("overall (balanced)");
    }
}
