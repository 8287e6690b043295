package io.editstream.gateway;

import io.editstream.auth.TenantQuotas;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-tenant figures on /metrics: {@code editstream_tenant_edits_total{tenant, outcome}} (accepted, rate_limited,
 * refused) and {@code editstream_tenant_edits_in_flight{tenant}}. Tenants are checked names from credentials or the
 * open gateway's field, so the label set stays bounded by who calls.
 */
final class TenantMetrics {
    private final MeterRegistry registry;
    private final TenantQuotas quotas;
    private final Set<String> gauged = ConcurrentHashMap.newKeySet();

    TenantMetrics(MeterRegistry registry, TenantQuotas quotas) {
        this.registry = registry;
        this.quotas = quotas;
    }

    void count(String tenant, String outcome) {
        Counter.builder("editstream.tenant.edits").description("edit submissions by tenant and outcome")
                .tag("tenant", tenant).tag("outcome", outcome).register(registry).increment();
        if (gauged.add(tenant)) {
            Gauge.builder("editstream.tenant.edits.in.flight", quotas, q -> q.inFlight(tenant))
                    .description("this replica's accepted edits of the tenant not finished yet").tag("tenant", tenant)
                    .register(registry);
        }
    }
}
