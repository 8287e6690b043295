package io.editstream.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TenantQuotasTest {
    final AtomicLong now = new AtomicLong();
    final QuotaSettings settings = QuotaSettings.from(new JsonObject().put("requestsPerSecond", 2).put("burst", 2)
            .put("tenants", new JsonObject().put("small", new JsonObject().put("inFlight", 1))));
    final TenantQuotas quotas = new TenantQuotas(settings, now::get, Duration.ofSeconds(60));

    @Test
    void theBucketAllowsItsBurstThenRefillsAtTheRate() {
        assertThat(quotas.admit("a")).isEmpty();
        assertThat(quotas.admit("a")).isEmpty();
        var refused = quotas.admit("a");
        assertThat(refused).isPresent();
        assertThat(refused.get().retryAfter()).isEqualTo(Duration.ofMillis(500));
        assertThat(quotas.admit("b")).as("another tenant's bucket").isEmpty();
        now.addAndGet(Duration.ofMillis(500).toNanos());
        assertThat(quotas.admit("a")).isEmpty();
        assertThat(quotas.admit("a")).isPresent();
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(quotas.admit("a")).as("refilled up to the burst only").isEmpty();
        assertThat(quotas.admit("a")).isEmpty();
        assertThat(quotas.admit("a")).isPresent();
    }

    @Test
    void inFlightSlotsAreHeldUntilFinishedAbandonedOrTimedOut() {
        assertThat(quotas.admit("small")).isEmpty();
        assertThat(quotas.admit("small")).hasValueSatisfying(r -> assertThat(r.limit()).contains("in flight"));
        quotas.abandoned("small");
        assertThat(quotas.admit("small")).isEmpty();
        quotas.started("small", "r1");
        assertThat(quotas.inFlight("small")).isEqualTo(1);
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(quotas.admit("small")).isPresent();
        quotas.finished("small", "r1");
        assertThat(quotas.admit("small")).isEmpty();
        quotas.started("small", "r2");
        assertThat(quotas.inFlightIds()).isEqualTo(Map.of("small", java.util.List.of("r2")));
        now.addAndGet(Duration.ofSeconds(61).toNanos());
        assertThat(quotas.inFlightIds()).isEqualTo(Map.of("small", java.util.List.of()));
        assertThat(quotas.admit("small")).as("a slot whose edit was never seen finishing expires").isEmpty();
    }

    @Test
    void noLimitsMeansEverythingIsAdmitted() {
        TenantQuotas open = new TenantQuotas(QuotaSettings.unlimited(), now::get, Duration.ofSeconds(60));
        for (int i = 0; i < 1000; i++) {
            assertThat(open.admit("a")).isEmpty();
        }
    }

    @Test
    void limitsReadFromTheEnvironmentsStrings() {
        QuotaSettings fromEnv = QuotaSettings.from(new JsonObject().put("requestsPerSecond", "5").put("inFlight", "3"));
        assertThat(fromEnv.of("any")).isEqualTo(new QuotaSettings.Limits(5, 5, 3));
    }
}
