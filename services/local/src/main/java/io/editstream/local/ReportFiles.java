package io.editstream.local;

import io.editstream.onnx.ImageTensors;
import io.vertx.core.json.JsonObject;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * Writes a benchmark report as files: {@code report.json} (the numbers, reproducible), {@code report.md}
 * (the tables, for docs and reviews), {@code report.html} (tables, skipped and failed items, and a
 * source / output / reference sample per task, images inlined) and {@code grid.png} (one column per task
 * sample; rows source, target, output; a grey cell where a task has no target).
 */
public final class ReportFiles {
    static final int CELL = 128;
    static final int GAP = 4;

    private ReportFiles() {
    }

    public static void write(Path dir, String run, JsonObject report, List<BenchmarkReport.Sample> samples) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("report.json"), report.encodePrettily() + "\n", StandardCharsets.UTF_8);
        List<ReportTables.Table> tables = ReportTables.tables(report);
        Files.writeString(dir.resolve("report.md"), "# Benchmark " + report.getString("benchmark") + " (run " + run + ")\n\n"
                + header(report) + "\n\n" + ReportTables.markdown(tables) + skippedMarkdown(report) + LEGEND_MD, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.html"), html(run, report, tables, samples), StandardCharsets.UTF_8);
        Files.write(dir.resolve("grid.png"), ImageTensors.encodePng(grid(samples)));
    }

    static String header(JsonObject report) {
        JsonObject c = report.getJsonObject("counts");
        return String.format("%s entries read (%s), %s skipped, %s requests (seeds %s, %s steps), %s scored, %s failed%s",
                c.getValue("entriesInFile"), report.getString("format"), c.getValue("skipped"), c.getValue("requests"),
                report.getJsonArray("seeds").encode(), report.getValue("steps"), c.getValue("scored"), c.getValue("failed"),
                report.getString("modelTag", "").isEmpty() ? "" : ", model " + report.getString("modelTag"));
    }

    static final String LEGEND_MD = """
            ### What the numbers mean

            - **L1↓ / L2↓**: mean absolute / mean squared RGB difference (0–1) between the output and the target image; lower is closer. Shown next to the **copy** baseline (the input returned unchanged), which often wins (AURORA, Table 3b).
            - **CLIP-I**: cosine of the CLIP image embeddings of output and target. **CLIP-T**: cosine of the output's image embedding and the item's explicit instruction (or the instruction itself). **DINO**: cosine of DINO CLS embeddings of output and target (only with a DINO bundle).
            - **DiscEdit acc**: share of item-seeds where the no-change prompt's rendering stays closer to the source latent (VAE, L2) than the edit's, both from the same noise; ± the binomial SE √(p(1−p)/n), n item-seeds in brackets.
            - **exact match**: share of items whose reasoner output equals the item's explicit instruction (case and whitespace ignored); – where no item states one (plain AURORA-Bench and DiscEdit files).
            - **reasoning acc**: share of items whose reasoner named the item's own scenario (EXPLICIT, PHYSICAL, TEMPORAL, CAUSAL, STORY); – where items have none.
            - **judge instr. / consist. / plaus.** (with a VLM judge, `scorer.judge.url`): its 1–5 ratings of instruction following, appearance consistency and visual plausibility (source, output and instruction in one prompt, RISEBench / KRIS-Bench); n rated items in brackets (`judgeUnavailable` in report.json counts the items it could not rate).
            - **human**: mean 0/50/100 rating per item, then over items (from the gateway's rating page); Fleiss' κ over raters is in report.json.
            - ± is the standard error of the mean over items; **overall (balanced)** averages the task means with equal weight.
            """;

    private static String skippedMarkdown(JsonObject report) {
        StringBuilder md = new StringBuilder();
        if (!report.getJsonArray("skipped").isEmpty()) {
            md.append("### Skipped items\n\n");
            report.getJsonArray("skipped").forEach(s -> md.append("- ").append(((JsonObject) s).getString("id")).append(": ")
                    .append(((JsonObject) s).getString("reason")).append('\n'));
            md.append('\n');
        }
        if (!report.getJsonArray("failed").isEmpty()) {
            md.append("### Failed requests\n\n");
            report.getJsonArray("failed").forEach(s -> md.append("- ").append(((JsonObject) s).getString("request")).append(": ")
                    .append(((JsonObject) s).getString("reason")).append('\n'));
            md.append('\n');
        }
        return md.toString();
    }

    private static String html(String run, JsonObject report, List<ReportTables.Table> tables, List<BenchmarkReport.Sample> samples) {
        StringBuilder h = new StringBuilder("""
                <!doctype html><html><head><meta charset="utf-8"><title>EditStream benchmark</title><style>
                body{font-family:system-ui,sans-serif;margin:2em;color:#222} table{border-collapse:collapse;margin:.5em 0 1.5em}
                td,th{border:1px solid #ccc;padding:.3em .6em;text-align:right} td:first-child,th:first-child{text-align:left}
                img{width:160px;height:160px;image-rendering:pixelated;border:1px solid #999;object-fit:contain}
                .none{display:inline-block;width:160px;height:160px;background:#ddd;border:1px solid #999} .k{color:#666}
                </style></head><body>
                """);
        h.append("<h1>Benchmark ").append(DemoReport.escape(report.getString("benchmark"))).append("</h1><p>run <code>")
                .append(DemoReport.escape(run)).append("</code> — ").append(DemoReport.escape(header(report))).append("</p>\n");
        for (ReportTables.Table t : tables) {
            h.append("<h2>").append(DemoReport.escape(t.title())).append("</h2><table>");
            for (int i = 0; i < t.rows().size(); i++) {
                String cell = i == 0 ? "th" : "td";
                h.append("<tr>");
                t.rows().get(i).forEach(v -> h.append('<').append(cell).append('>').append(DemoReport.escape(v)).append("</").append(cell).append('>'));
                h.append("</tr>");
            }
            h.append("</table>\n");
        }
        h.append("<h2>A sample per task</h2><table><tr><th>task / item</th><th>source</th><th>output</th><th>reference</th></tr>");
        for (BenchmarkReport.Sample s : samples) {
            h.append("<tr><td><b>").append(DemoReport.escape(s.task())).append("</b><br><span class=k>item</span> ")
                    .append(DemoReport.escape(s.item())).append("<br>").append(DemoReport.escape(s.instruction()))
                    .append("<br><span class=k>reasoner:</span> ").append(DemoReport.escape(s.explicitInstruction()))
                    .append("</td><td>").append(img(s.source())).append("</td><td>").append(img(s.output())).append("</td><td>")
                    .append(img(s.target())).append("</td></tr>\n");
        }
        h.append("</table>");
        h.append("<pre>").append(DemoReport.escape(skippedMarkdown(report) + LEGEND_MD)).append("</pre></body></html>\n");
        return h.toString();
    }

    private static String img(byte[] png) {
        return png == null ? "<span class=none></span>" : "<img src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png) + "\">";
    }

    /** Columns = samples; rows = source, target, output. */
    static BufferedImage grid(List<BenchmarkReport.Sample> samples) {
        int columns = Math.max(1, samples.size());
        BufferedImage grid = new BufferedImage(GAP + columns * (CELL + GAP), GAP + 3 * (CELL + GAP), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
        for (int c = 0; c < samples.size(); c++) {
            BenchmarkReport.Sample s = samples.get(c);
            byte[][] rows = {s.source(), s.target(), s.output()};
            for (int r = 0; r < 3; r++) {
                int x = GAP + c * (CELL + GAP);
                int y = GAP + r * (CELL + GAP);
                if (rows[r] == null) {
                    g.setColor(Color.LIGHT_GRAY);
                    g.fillRect(x, y, CELL, CELL);
                } else {
                    g.drawImage(ImageTensors.resize(ImageTensors.decode(rows[r]), CELL, CELL), x, y, null);
                }
            }
        }
        g.dispose();
        return grid;
    }
}
