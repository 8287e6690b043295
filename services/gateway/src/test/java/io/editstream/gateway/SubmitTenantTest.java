package io.editstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.editstream.auth.Caller;
import io.editstream.service.ValidationException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The credential decides a submission's tenant; only an open gateway's anonymous callers may name one. */
class SubmitTenantTest {
    private static final Caller ALICE = Caller.of("acme", "alice", "api-key");

    @Test
    void anAuthenticatedCallersTenantIsItsCredentials() {
        Map<String, String> fields = new HashMap<>(Map.of("instruction", "x"));
        assertThat(SubmitTenant.resolve(ALICE, fields)).isEqualTo("acme");
        assertThat(fields).containsEntry("tenant", "acme");
        Map<String, String> same = new HashMap<>(Map.of("tenant", " acme "));
        assertThat(SubmitTenant.resolve(ALICE, same)).isEqualTo("acme");
    }

    @Test
    void aTenantFieldNamingAnotherTenantIsRefused() {
        Map<String, String> forged = new HashMap<>(Map.of("tenant", "globex"));
        assertThatThrownBy(() -> SubmitTenant.resolve(ALICE, forged)).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.status()).isEqualTo(403)).hasMessageContaining("globex");
    }

    @Test
    void anonymousCallersMayNameAWellFormedTenant() {
        assertThat(SubmitTenant.resolve(Caller.anonymous(), new HashMap<>(Map.of("tenant", "initech")))).isEqualTo("initech");
        assertThat(SubmitTenant.resolve(Caller.anonymous(), new HashMap<>())).isEqualTo("default");
        assertThat(SubmitTenant.resolve(Caller.anonymous(), new HashMap<>(Map.of("tenant", "../etc")))).isEqualTo("default");
    }
}
