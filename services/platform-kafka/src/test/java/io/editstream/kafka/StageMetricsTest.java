package io.editstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

/** The stage meters' own logic: lag sums, loops of one stage sharing a series, batch and queue bookkeeping. */
class StageMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void lagSumsTheKnownLagOfEachPartitionAndCountsUnknownAsZero() {
        Map<String, OptionalLong> lags = Map.of("t-0", OptionalLong.of(5), "t-1", OptionalLong.empty(),
                "t-2", OptionalLong.of(7), "t-3", OptionalLong.of(-1));
        assertThat(StageMetrics.lagOf(List.of("t-0", "t-1", "t-2", "t-3"), lags::get)).isEqualTo(12);
        assertThat(StageMetrics.lagOf(List.<String>of(), lags::get)).isZero();
    }

    @Test
    void loopsOfOneStageShowTheirSumAndTheLastToCloseRemovesTheGauges() {
        StageMetrics one = new StageMetrics(registry, "renderer");
        StageMetrics two = new StageMetrics(registry, "renderer");
        StageMetrics other = new StageMetrics(registry, "scorer");
        one.lag(3);
        two.lag(4);
        other.lag(100);
        one.polled(2);
        assertThat(gauge(StageMetrics.LAG, "renderer")).isEqualTo(7);
        assertThat(gauge(StageMetrics.QUEUE, "renderer")).isEqualTo(2);
        assertThat(gauge(StageMetrics.LAG, "scorer")).isEqualTo(100);

        one.close();
        one.close();
        assertThat(gauge(StageMetrics.LAG, "renderer")).isEqualTo(4);
        two.close();
        assertThat(registry.find(StageMetrics.LAG).tag("stage", "renderer").gauge()).isNull();
        assertThat(registry.find(StageMetrics.QUEUE).tag("stage", "renderer").gauge()).isNull();
        assertThat(gauge(StageMetrics.LAG, "scorer")).isEqualTo(100);

        // a stage restarted in the same JVM registers afresh
        StageMetrics again = new StageMetrics(registry, "renderer");
        again.lag(9);
        assertThat(gauge(StageMetrics.LAG, "renderer")).isEqualTo(9);
    }

    @Test
    void pollsRecordTheBatchSizeAndTheQueueDrainsAsCommitsLand() {
        StageMetrics metrics = new StageMetrics(registry, "reasoner");
        metrics.polled(16);
        metrics.polled(3);
        assertThat(gauge(StageMetrics.QUEUE, "reasoner")).isEqualTo(3);
        metrics.inHand(1);
        assertThat(gauge(StageMetrics.QUEUE, "reasoner")).isEqualTo(1);
        metrics.inHand(-2);
        assertThat(gauge(StageMetrics.QUEUE, "reasoner")).isZero();
        var batch = registry.get(StageMetrics.BATCH).tag("stage", "reasoner").summary();
        assertThat(batch.count()).isEqualTo(2);
        assertThat(batch.totalAmount()).isEqualTo(19);
        assertThat(batch.max()).isEqualTo(16);
    }

    @Test
    void theProcessTimerHasBucketsFromMillisecondsToACpuRendersMinutes() {
        StageMetrics metrics = new StageMetrics(registry, "cue-extractor");
        metrics.recordProcessing(java.util.concurrent.TimeUnit.SECONDS.toNanos(90));
        var buckets = registry.get(StageMetrics.PROCESS).tag("stage", "cue-extractor").timer().takeSnapshot().histogramCounts();
        assertThat(buckets[0].bucket(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(5);
        assertThat(buckets[buckets.length - 1].bucket(java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(600);
        assertThat(java.util.Arrays.stream(buckets).filter(b -> b.count() == 1).count()).as("buckets at or above 90 s").isEqualTo(3);
    }

    @Test
    void streamsLagSumsTheMainConsumersPartitionLagAndIgnoresRestoreAndNaN() {
        Map<MetricName, Metric> metrics = new HashMap<>();
        put(metrics, "records-lag", "app-StreamThread-1-consumer", "0", 5.0);
        put(metrics, "records-lag", "app-StreamThread-2-consumer", "1", 2.0);
        put(metrics, "records-lag", "app-StreamThread-1-consumer", "2", Double.NaN);
        put(metrics, "records-lag", "app-StreamThread-1-restore-consumer", "0", 1000.0);
        put(metrics, "records-lag-max", "app-StreamThread-1-consumer", "0", 50.0);
        assertThat(StageMetrics.streamsLagOf(metrics)).isEqualTo(7);

        try (AutoCloseable gauge = StageMetrics.streamsLag(registry, "enhancer", () -> metrics)) {
            assertThat(gauge(StageMetrics.LAG, "enhancer")).isEqualTo(7);
            put(metrics, "records-lag", "app-StreamThread-2-consumer", "3", 4.0);
            assertThat(gauge(StageMetrics.LAG, "enhancer")).as("read at scrape time").isEqualTo(11);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(registry.find(StageMetrics.LAG).tag("stage", "enhancer").gauge()).isNull();
    }

    private record Value(MetricName metricName, Object metricValue) implements Metric {
    }

    private static void put(Map<MetricName, Metric> metrics, String name, String clientId, String partition, double value) {
        MetricName key = new MetricName(name, "consumer-fetch-manager-metrics", "",
                Map.of("client-id", clientId, "topic", "guidance", "partition", partition));
        metrics.put(key, new Value(key, value));
    }

    private double gauge(String name, String stage) {
        return registry.get(name).tag("stage", stage).gauge().value();
    }
}
