package io.editstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The throughput benchmark's load shapes, census and memory reading, with no pipeline behind them. */
class LoadShapesTest {

    @Test
    void poissonArrivalsAreIncreasingSeededAndAverageOneOverTheRate() {
        double[] at = OpenLoop.arrivals(4.0, 20_000, 11);
        for (int i = 1; i < at.length; i++) {
            assertThat(at[i]).isGreaterThan(at[i - 1]);
        }
        assertThat(at[at.length - 1] / at.length).isBetween(0.24, 0.26);   // mean gap 1/4 s
        assertThat(OpenLoop.arrivals(4.0, 50, 11)).containsExactly(Arrays.copyOf(at, 50));
        assertThatThrownBy(() -> OpenLoop.arrivals(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closedLoopRunsEveryIndexOnceWithAtMostConcurrencyInFlight() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        boolean[] seen = new boolean[30];
        ClosedLoop.Result result = ClosedLoop.run("test", 3, 30, 5, i -> {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            Thread.sleep(2);
            synchronized (seen) {
                assertThat(seen[i - 5]).isFalse();
                seen[i - 5] = true;
            }
            inFlight.decrementAndGet();
        }, () -> { });
        assertThat(result.requests()).isEqualTo(30);
        assertThat(most.get()).isBetween(1, 3);
        assertThat(seen).containsOnly(true);
        assertThat(Arrays.stream(result.latencySeconds()).allMatch(s -> s > 0)).isTrue();
    }

    @Test
    void closedLoopStopsAtTheFirstFailureAndThrowsIt() {
        assertThatThrownBy(() -> ClosedLoop.run("test", 2, 10, 0, i -> {
            if (i == 3) {
                throw new IllegalStateException("request 3 broke");
            }
        }, () -> { })).hasMessage("request 3 broke");
    }

    @Test
    void openLoopRunsEveryArrivalAndMeasuresFromItsScheduledTime() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        double[] latency = OpenLoop.run("test", OpenLoop.arrivals(200, 20, 3), 0, i -> runs.incrementAndGet(), () -> { });
        assertThat(runs.get()).isEqualTo(20);
        assertThat(latency).hasSize(20);
        assertThat(Arrays.stream(latency).allMatch(s -> s >= 0)).isTrue();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '=', value = {
        "diffusion-renderer-loop = diffusion-renderer", "renderer-unet-batcher = diffusion-renderer",
        "kafka-producer-network-thread | cue-extractor-tx-0 = cue-extractor", "enhancer-1f2e-StreamThread-1 = enhancer",
        "gateway-status-9a-StreamThread-1 = gateway", "vert.x-eventloop-thread-1 = gateway",
        "kafka-coordinator-heartbeat-thread | reasoner = reasoner",
        "data-plane-kafka-request-handler-0 = BROKER", "group-coordinator-event-processor-1 = BROKER",
        "S3Proxy-Jetty-42 = S3", "OkHttp Dispatcher = S3", "bench-pipeline-3 = BENCH", "C2 CompilerThread0 = OTHER"})
    void threadsAreCountedToTheStageTheirNameSays(String thread, String stage) {
        String expected = switch (stage) {
            case "BROKER" -> StageCpu.BROKER;
            case "S3" -> StageCpu.S3;
            case "BENCH" -> StageCpu.BENCH;
            case "OTHER" -> StageCpu.OTHER;
            default -> stage;
        };
        assertThat(StageCpu.stageOf(thread)).isEqualTo(expected);
    }

    @Test
    void stageSecondsAreTheDifferenceOfTwoSnapshotsByStage() {
        var before = java.util.Map.of(1L, new StageCpu.Sample("scorer-loop", 1_000_000_000L));
        var after = java.util.Map.of(1L, new StageCpu.Sample("scorer-loop", 3_500_000_000L),
                2L, new StageCpu.Sample("kafka-producer-network-thread | scorer-x", 500_000_000L));
        assertThat(StageCpu.secondsBetween(before, after)).containsExactly(java.util.Map.entry("scorer", 3.0));
    }

    @Test
    void residentSetComesFromTheVmRssLine() {
        assertThat(ProcessMemory.vmRssKiB(List.of("Name:\tjava", "VmRSS:\t  204800 kB", "Threads:\t40"))).isEqualTo(204800);
        assertThat(ProcessMemory.now().rssMiB()).isPositive();
    }
}
