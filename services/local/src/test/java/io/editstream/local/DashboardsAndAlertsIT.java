package io.editstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.editstream.client.EditClient;
import io.editstream.kafka.Topics;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed Grafana dashboard and Prometheus alert rules against a real pipeline: both parse, and every metric
 * their PromQL names is a series on {@code /metrics} after one edit went through (in local mode one registry holds
 * every service's meters, so the gateway's port shows them all). Jackson's databind and YAML come with the
 * simulator and the embedded broker.
 */
class DashboardsAndAlertsIT {
    static final Path ROOT = Home.locate();   // the checkout: deploy/ sits beside models/
    static final Path DASHBOARD = ROOT.resolve("deploy/grafana/editstream-dashboard.json");
    static final Path ALERTS = ROOT.resolve("deploy/prometheus/editstream-alerts.yaml");
    /** The services that consume with a stage loop (the enhancer is a Kafka Streams join, the gateway takes HTTP). */
    static final List<String> LOOP_STAGES = List.of(Topics.REASONER, Topics.CUE_EXTRACTOR, Topics.RENDERER, Topics.SCORER);
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+)", Pattern.MULTILINE);

    @TempDir
    static Path dataDir;
    static LocalStack stack;
    static String scrape;
    static Set<String> series;

    @BeforeAll
    static void oneEditThrough() throws Exception {
        stack = LocalStack.start(StackOptions.embedded(dataDir, 0));
        EditClient client = new EditClient(stack.gatewayUrl());
        Samples.Sample sample = Samples.load(Samples.locate()).get(0);
        EditClient.Submission s = client.submit(Files.readAllBytes(sample.image()), "scene.png", sample.instruction(),
                Map.of("steps", "2", "seed", "7"));
        assertThat(s.status()).as(s.body().encode()).isEqualTo(202);
        JsonObject status = client.awaitTerminal(s.id(), Duration.ofMinutes(3), x -> { });
        assertThat(status.getString("state")).as(status.encode()).isEqualTo("SCORED");
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        scrape = metrics.body();
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/metrics-scrape.txt"), scrape); // what a failure here was held against
        series = sampleNames(scrape);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyMetricTheDashboardNamesIsOnMetrics() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
        assertThat(dashboard.path("templating").path("list").findValuesAsText("name")).contains("stage");
        assertThat(dashboard.path("panels")).isNotEmpty();
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("title").asText()).isNotBlank();
            if (!panel.path("type").asText().equals("row")) {
                assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            }
            panel.path("targets").forEach(t -> expressions.add(t.path("expr").asText()));
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (!variable.path("type").asText().equals("query")) {
                continue; // a datasource variable's query is a plugin type, not PromQL
            }
            JsonNode query = variable.path("query");
            expressions.add(query.isObject() ? query.path("query").asText() : query.asText());
        }
        Set<String> named = namesIn(expressions);
        assertThat(named).as("the dashboard's metrics, as the tokenizer reads them")
                .contains("editstream_stage_lag", "editstream_stage_queue", "editstream_stage_records_total",
                        "editstream_stage_process_seconds_bucket", "editstream_stage_batch_records_bucket");
        assertThat(missing(named)).as("named by the dashboard but not on /metrics").isEmpty();
    }

    @Test
    void everyMetricTheAlertsNameIsOnMetrics() throws Exception {
        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(ALERTS.toFile());
        List<String> expressions = new ArrayList<>();
        List<String> alerts = new ArrayList<>();
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                assertThat(rule.path("expr").asText()).as(rule.toString()).isNotBlank();
                assertThat(rule.path("labels").path("severity").asText()).as(rule.toString()).isNotBlank();
                assertThat(rule.path("annotations").path("summary").asText()).as(rule.toString()).isNotBlank();
                alerts.add(rule.path("alert").asText());
                expressions.add(rule.path("expr").asText());
            }
        }
        assertThat(alerts).contains("EditStreamStageLagGrowing", "EditStreamDeadLetters", "EditStreamStageErrorRatio");
        Set<String> named = namesIn(expressions);
        assertThat(named).contains("editstream_stage_lag", "editstream_stage_records_total");
        assertThat(missing(named)).as("named by the alerts but not on /metrics").isEmpty();
    }

    @Test
    void everyStageShowsItsLagQueueAndCommittedRecords() {
        for (String stage : LOOP_STAGES) {
            assertThat(value("editstream_stage_lag", stage)).as(stage + " lag").isNotNull();
            assertThat(value("editstream_stage_queue", stage)).as(stage + " queue").isNotNull();
            assertThat(scrape).contains("editstream_stage_records_total{outcome=\"ok\",stage=\"" + stage + "\"}");
            assertThat(scrape).contains("editstream_stage_process_seconds_bucket{stage=\"" + stage + "\",le=\"+Inf\"}");
        }
        assertThat(value("editstream_stage_lag", Topics.ENHANCER)).as("enhancer lag").isNotNull();
        // buckets reach past a CPU render's minutes, so p99 of a slow stage is not clipped at 30 s
        Matcher le = Pattern.compile("editstream_stage_process_seconds_bucket\\{stage=\"scorer\",le=\"([0-9.]+)\"}").matcher(scrape);
        double largest = 0;
        while (le.find()) {
            largest = Math.max(largest, Double.parseDouble(le.group(1)));
        }
        assertThat(largest).isGreaterThanOrEqualTo(300);
    }

    @Test
    void theCheckFailsForAMetricThatIsNotThere() {
        Set<String> named = PromQlMetricNames.of("rate(editstream_stage_records_total[5m]) / editstream_stage_imaginary");
        assertThat(missing(named)).containsExactly("editstream_stage_imaginary");
    }

    private static Set<String> namesIn(List<String> expressions) {
        Set<String> names = new TreeSet<>();
        expressions.forEach(e -> names.addAll(PromQlMetricNames.of(e)));
        return names;
    }

    private static Set<String> missing(Set<String> named) {
        Set<String> missing = new TreeSet<>(named);
        missing.removeAll(series);
        return missing;
    }

    private static String value(String name, String stage) {
        Matcher m = SAMPLE.matcher(scrape);
        while (m.find()) {
            if (m.group(1).equals(name) && m.group(2) != null && m.group(2).contains("stage=\"" + stage + "\"")) {
                return m.group(3);
            }
        }
        return null;
    }

    static Set<String> sampleNames(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = SAMPLE.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
