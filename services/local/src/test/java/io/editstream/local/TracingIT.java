package io.editstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.read.ListAppender;
import io.editstream.client.EditClient;
import io.editstream.testing.Closing;
import io.editstream.testing.OtlpCollectorStandIn;
import io.editstream.testing.OtlpCollectorStandIn.ReceivedSpan;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * One request through all six services on the embedded broker and S3, exporting over OTLP/HTTP to a stand-in for
 * an OpenTelemetry Collector (an in-test server that decodes the protobuf the exporter sends): the request is one
 * trace rooted at the gateway, each stage's span is the child of the span that published its input, model and S3
 * steps are child spans, and the trace id is in the 202, the status and the stages' log lines.
 */
class TracingIT {
    static final Set<String> SERVICES = Set.of("gateway", "reasoner", "cue-extractor", "enhancer", "diffusion-renderer", "scorer");

    @TempDir
    static Path dataDir;
    static OtlpCollectorStandIn collector;
    static LocalStack stack;
    static final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeAll
    static void start() throws Exception {
        collector = new OtlpCollectorStandIn();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs.start();
        root.addAppender(logs);
        stack = LocalStack.start(StackOptions.embedded(dataDir, 0).withStageConfig(
                new JsonObject().put("tracing", new JsonObject().put("otlpEndpoint", collector.endpoint()))));
    }

    @AfterAll
    static void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        Closing.all(stack, collector);
    }

    @Test
    void oneRequestIsOneTraceAcrossAllSixServices() throws Exception {
        EditClient client = new EditClient(stack.gatewayUrl());
        EditClient.Submission submitted = SampleRequests.submit(client, 0, Map.of("steps", "2", "seed", "7"));
        assertThat(submitted.status()).as(submitted.body().encode()).isEqualTo(202);
        String traceId = submitted.body().getString("traceId");
        assertThat(traceId).matches("[0-9a-f]{32}");

        JsonObject status = client.awaitTerminal(submitted.id(), Duration.ofMinutes(3), s -> { });
        assertThat(status.getString("state")).as(status.encode()).isEqualTo("SCORED");
        assertThat(status.getString("traceId")).isEqualTo(traceId);

        List<ReceivedSpan> trace = awaitTrace(traceId);
        assertThat(trace.stream().map(ReceivedSpan::service).collect(Collectors.toSet())).isEqualTo(SERVICES);

        // one tree: a single root, the gateway's submission, and every other span's parent in the trace
        Map<String, ReceivedSpan> byId = trace.stream().collect(Collectors.toMap(ReceivedSpan::spanId, Function.identity()));
        List<ReceivedSpan> roots = trace.stream().filter(s -> s.parentSpanId().isEmpty()).toList();
        assertThat(roots).singleElement().satisfies(r -> {
            assertThat(r.service()).isEqualTo("gateway");
            assertThat(r.name()).isEqualTo("gateway submit");
            assertThat(r.kind()).isEqualTo("SPAN_KIND_SERVER");
        });
        trace.stream().filter(s -> !s.parentSpanId().isEmpty())
                .forEach(s -> assertThat(byId).as("parent of " + s).containsKey(s.parentSpanId()));

        for (String stage : SERVICES) {
            if (stage.equals("gateway")) {
                continue;
            }
            // one span per input record: the enhancer has two (guidance, cues), and fuses in the second
            List<ReceivedSpan> processed = trace.stream().filter(s -> s.name().equals(stage + " process")).toList();
            assertThat(processed).as("spans of " + stage + " in " + trace).isNotEmpty().allSatisfy(process -> {
                assertThat(process.service()).isEqualTo(stage);
                assertThat(process.kind()).isEqualTo("SPAN_KIND_CONSUMER");
                ReceivedSpan parent = byId.get(process.parentSpanId());
                assertThat(parent.kind()).as(stage + "'s parent publishes its input").isEqualTo("SPAN_KIND_PRODUCER");
                assertThat(parent.name()).startsWith("publish ");
                assertThat(parent.service()).isNotEqualTo(stage);
            });
            Set<String> children = trace.stream().filter(s -> processed.stream().anyMatch(p -> p.spanId().equals(s.parentSpanId())))
                    .map(ReceivedSpan::name).collect(Collectors.toSet());
            assertThat(children).as(stage + "'s child spans").contains("model", "s3");
        }
        assertThat(trace).anySatisfy(s -> assertThat(s.name()).isEqualTo("s3 put"));   // the gateway's upload

        // the stages' log lines about this request end with its trace id
        PatternLayout layout = consoleLayout();
        List<String> lines = logs.list.stream().filter(e -> traceId.equals(e.getMDCPropertyMap().get("traceId")))
                .map(layout::doLayout).toList();
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("rendered").endsWith(" trace=" + traceId + System.lineSeparator()));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("accepted edit " + submitted.id()));
        assertThat(logs.list.stream().filter(e -> e.getFormattedMessage().contains("loop started")).map(layout::doLayout))
                .as("a line outside any request names no trace").allSatisfy(l -> assertThat(l).doesNotContain("trace="));
    }

    private static List<ReceivedSpan> awaitTrace(String traceId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<ReceivedSpan> trace = collector.trace(traceId);
        while (System.nanoTime() < deadline) {
            trace = collector.trace(traceId);
            // each service exports in its own batches and a child span ends (and is sent) before its parent, so wait
            // until every stage's process span is in and no span's parent is still on its way
            List<ReceivedSpan> seen = trace;
            Set<String> ids = seen.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
            boolean everyStage = SERVICES.stream().filter(s -> !s.equals("gateway"))
                    .allMatch(stage -> seen.stream().anyMatch(s -> s.name().equals(stage + " process")));
            boolean parentsIn = seen.stream().allMatch(s -> s.parentSpanId().isEmpty() || ids.contains(s.parentSpanId()));
            if (everyStage && parentsIn && seen.stream().anyMatch(s -> s.name().equals("gateway submit"))) {
                return trace;
            }
            Thread.sleep(200);
        }
        return trace;
    }

    /** The layout the shipped logback.xml gives the console, so the test reads the lines a user reads. */
    private static PatternLayout consoleLayout() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (var it = root.iteratorForAppenders(); it.hasNext(); ) {
            Appender<ILoggingEvent> appender = it.next();
            if (appender instanceof ConsoleAppender<ILoggingEvent> console && console.getEncoder() instanceof PatternLayoutEncoder encoder) {
                PatternLayout layout = new PatternLayout();
                layout.setContext(context);
                layout.setPattern(encoder.getPattern());
                layout.start();
                return layout;
            }
        }
        throw new AssertionError("no console appender with a pattern in the shipped logback.xml");
    }
}
