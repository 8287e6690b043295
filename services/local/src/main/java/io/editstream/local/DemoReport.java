package io.editstream.local;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A self-contained HTML page (images inlined) showing each demo edit: source, result, the
 * instruction and how the reasoner read it, and every score next to its copy-the-input baseline.
 */
public final class DemoReport {

    /** One finished edit as the report shows it. */
    /** One edit; {@code target} (the ground truth) and {@code expected} (explicit instruction) may be null. */
    public record Row(String id, String instruction, String expected, JsonObject status, byte[] source, byte[] target,
                      byte[] edited) {
    }

    public static Path write(Path file, List<Row> rows) throws IOException {
        StringBuilder html = new StringBuilder("""
                <!doctype html><html><head><meta charset="utf-8"><title>EditStream demo</title><style>
                body{font-family:system-ui,sans-serif;margin:2em;color:#222}
                table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.5em;vertical-align:top}
                img{width:192px;height:192px;image-rendering:pixelated;border:1px solid #999}
                .failed{color:#b00}.k{color:#666}
                </style></head><body><h1>EditStream demo</h1>
                <p>Each row went through the whole pipeline: gateway → reasoner + cue-extractor → enhancer →
                diffusion-renderer → scorer, over Kafka and S3. Pixel metrics are shown next to the
                copy-the-input baseline, as AURORA recommends.</p>
                %MODELS%
                <table><tr><th>source</th><th>target (ground truth)</th><th>edited</th><th>request</th><th>scores (output / copy baseline)</th></tr>
                """);
        html.replace(html.indexOf("%MODELS%"), html.indexOf("%MODELS%") + 8, models(rows));
        for (Row row : rows) {
            JsonObject s = row.status();
            html.append("<tr><td>").append(img(row.source())).append("</td><td>")
                    .append(row.target() == null ? "<span class=k>–</span>" : img(row.target())).append("</td><td>")
                    .append(row.edited() == null ? "<span class=failed>no image</span>" : img(row.edited()))
                    .append("</td><td><b>").append(escape(row.instruction())).append("</b><br>")
                    .append("<span class=k>id</span> ").append(row.id()).append("<br>")
                    .append("<span class=k>state</span> ").append(escape(s.getString("state", "?"))).append("<br>")
                    .append("<span class=k>reasoning</span> ").append(escape(String.valueOf(s.getValue("reasoningType")))).append("<br>")
                    .append("<span class=k>explicit</span> ").append(escape(String.valueOf(s.getValue("explicitInstruction"))));
            if (row.expected() != null) {
                html.append("<br><span class=k>expected</span> ").append(escape(row.expected()));
            }
            JsonObject failure = s.getJsonObject("failure");
            if (failure != null) {
                html.append("<br><span class=failed>failed at ").append(escape(failure.encode())).append("</span>");
            }
            html.append("</td><td>").append(scores(s)).append("</td></tr>\n");
        }
        html.append("</table></body></html>\n");
        Files.createDirectories(file.getParent());
        Files.writeString(file, html, StandardCharsets.UTF_8);
        return file;
    }

    /** Which model each stage ran, with a warning when they are the untrained fixtures. */
    static String models(List<Row> rows) {
        Map<String, String> models = new TreeMap<>();
        for (Row row : rows) {
            JsonObject stages = row.status().getJsonObject("stages", new JsonObject());
            for (String stage : stages.fieldNames()) {
                String model = stages.getJsonObject(stage).getString("model");
                if (model != null) {
                    models.put(stage, model);
                }
            }
        }
        StringBuilder html = new StringBuilder("<p>Models: ");
        models.forEach((stage, model) -> html.append("<code>").append(escape(stage)).append("</code> ")
                .append(escape(model)).append("; "));
        html.append("</p>");
        if (models.values().stream().anyMatch(m -> m.contains("fixture"))) {
            html.append("<p class=failed>These are fixture models (the right signatures, random weights): every stage"
                    + " really runs, but the edited images and explicit instructions carry no meaning until trained"
                    + " bundles are installed.</p>");
        }
        return html.toString();
    }

    private static String scores(JsonObject status) {
        JsonObject scores = status.getJsonObject("scores", new JsonObject());
        JsonObject baseline = status.getJsonObject("copyBaseline", new JsonObject());
        StringBuilder out = new StringBuilder();
        Map<String, Object> sorted = new TreeMap<>(scores.getMap());
        for (Map.Entry<String, Object> e : sorted.entrySet()) {
            out.append(escape(e.getKey())).append(": ").append(format(e.getValue()));
            if (baseline.containsKey(e.getKey())) {
                out.append(" / ").append(format(baseline.getValue(e.getKey())));
            }
            out.append("<br>");
        }
        return out.length() == 0 ? "—" : out.toString();
    }

    static String format(Object value) {
        return value instanceof Number n ? String.format("%.4f", n.doubleValue()) : String.valueOf(value);
    }

    private static String img(byte[] png) {
        return "<img src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png) + "\">";
    }

    static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
