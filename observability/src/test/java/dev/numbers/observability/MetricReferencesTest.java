package dev.numbers.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetricReferencesTest {

    @Test
    void readsMetricNamesAndIgnoresFunctionsLabelsRangesAndStrings() {
        assertThat(MetricReferences.inExpression(
                "sum by (provider, operation) (rate(connector_provider_latency_seconds_sum{instance=~\"$instance\"}"
                        + "[$__rate_interval])) / sum without (status) (rate(connector_provider_latency_seconds_count["
                                + "5m]))"))
                .containsExactly("connector_provider_latency_seconds_count", "connector_provider_latency_seconds_sum");
        assertThat(MetricReferences.inExpression(
                "sum by (reason) (increase(connector_dlq_total[10m])) > 0 or (sum by (reason) (connector_dlq_total)"
                        + " unless sum by (reason) (connector_dlq_total offset 10m))"))
                .containsExactly("connector_dlq_total");
        assertThat(MetricReferences.inExpression(
                "max by (instance) (bridge_orderstate_lag_seconds{quantile=\"0.99\"}) > 5"))
                .containsExactly("bridge_orderstate_lag_seconds");
        assertThat(MetricReferences.inExpression("label_values(connector_provider_paused, instance)"))
                .containsExactly("connector_provider_paused");
    }

    @Test
    void readsEveryPanelAndEveryRuleOfTheShippedFiles() {
        final var connector = MetricReferences.ofService("connector");
        final var bridge = MetricReferences.ofService("callback-bridge");
        System.out.printf("dashboards + rules reference %d connector metrics %s and %d bridge metrics %s%n",
                connector.size(), connector, bridge.size(), bridge);
        assertThat(connector).contains("connector_partition_oldest_unfinished_age_seconds",
                "connector_outcome_unknown_total", "connector_provider_paused", "connector_dlq_total",
                "connector_registry_errors_total", "kafka_consumer_fetch_manager_records_lag_max");
        assertThat(bridge).contains("bridge_order_states_streams_running", "bridge_orderstate_lag_seconds",
                "bridge_registry_errors_total");
        assertThat(MetricReferences.dashboardExpressions(MetricReferences.dashboard("connector")))
                .hasSizeGreaterThan(15);
    }

    @Test
    void exportedNamesAreTheSampleNamesOfAPrometheusPage() {
        final var page = String.join("\n", List.of(
                "# HELP connector_requests_total",
                "# TYPE connector_requests_total counter",
                "connector_requests_total{operation=\"PURCHASE_PHONE_NUMBER\",outcome=\"SUCCEEDED\"} 3.0",
                "connector_ledger_entries 12.0",
                "bridge_orderstate_lag_seconds_count 4.0"));
        assertThat(MetricReferences.exported(page)).containsExactly("bridge_orderstate_lag_seconds_count",
                "connector_ledger_entries", "connector_requests_total");
    }
}
