package io.editstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The metric names found in PromQL: metrics kept; functions, aggregations, labels, strings, variables, durations dropped. */
class PromQlMetricNamesTest {

    @Test
    void quantileOverARateOfBucketsNamesOnlyTheBuckets() {
        assertThat(PromQlMetricNames.of("histogram_quantile(0.99, sum by (le, stage) "
                + "(rate(editstream_stage_process_seconds_bucket{stage=~\"$stage\"}[$__rate_interval])))"))
                .containsExactly("editstream_stage_process_seconds_bucket");
    }

    @Test
    void ratiosKeepBothSidesAndDropKeywordsNumbersAndModifiers() {
        String expr = "sum by (stage) (increase(editstream_stage_records_total{outcome=\"failed\"}[10m] offset 5m))\n"
                + "  / ignoring(outcome) sum without (outcome, instance) (increase(editstream_stage_records_total[10m]))"
                + " > 0.05 and on (stage) editstream_stage_lag > 1e3 unless bool up";
        assertThat(PromQlMetricNames.of(expr)).containsExactly("editstream_stage_records_total", "editstream_stage_lag", "up");
    }

    @Test
    void aggregationWithTheGroupingAfterTheBodyAndColonsInRecordingRuleNames() {
        assertThat(PromQlMetricNames.of("sum(rate(renderer_unet_requests_total[5m])) by (instance)"
                + " / sum(rate(renderer_unet_calls_total[5m])) by (instance) + job:editstream_lag:sum"))
                .containsExactly("renderer_unet_requests_total", "renderer_unet_calls_total", "job:editstream_lag:sum");
    }

    @Test
    void grafanaLabelValuesNamesItsMetricNotItsLabel() {
        assertThat(PromQlMetricNames.of("label_values(editstream_stage_records_total, stage)"))
                .containsExactly("editstream_stage_records_total");
        assertThat(PromQlMetricNames.of("deriv(editstream_stage_lag{stage=~\"${stage:regex}\", pod='a{b}'}[10m]) > 0"))
                .containsExactly("editstream_stage_lag");
    }

    @Test
    void anExpressionWithoutMetricsNamesNone() {
        assertThat(PromQlMetricNames.of("vector(1) * time() # comment naming not_a_metric")).isEmpty();
    }
}
