package io.editstream.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class AuthSettingsTest {
    @Test
    void anOpenGatewayMustBeAllowedInSoManyWords() {
        assertThatThrownBy(() -> AuthSettings.from(new JsonObject()).checked()).hasMessageContaining("auth.allowAnonymous=true")
                .hasMessageContaining("editstream keys add");
        assertThat(AuthSettings.from(new JsonObject().put("allowAnonymous", "true")).checked().mode()).isEqualTo(AuthMode.NONE);
    }

    @Test
    void eachModeNeedsItsSource() {
        assertThatThrownBy(() -> AuthSettings.from(new JsonObject().put("mode", "api-key")).checked()).hasMessageContaining("keysFile");
        assertThatThrownBy(() -> AuthSettings.from(new JsonObject().put("mode", "jwt")).checked()).hasMessageContaining("jwksUrl");
        assertThatThrownBy(() -> AuthMode.parse("basic")).hasMessageContaining("api-key, jwt or none");
        AuthSettings jwt = AuthSettings.from(new JsonObject().put("mode", "oidc").put("jwt", new JsonObject()
                .put("jwksUrl", "http://idp/jwks").put("tenantClaim", "org/id").put("issuer", "")));
        assertThat(jwt.checked().jwt().tenantClaim()).isEqualTo("org/id");
        assertThat(jwt.jwt().issuer()).isEmpty();
    }

    @Test
    void anonymousCallersSeeEverythingAndTenantsOnlyTheirOwn() {
        assertThat(Caller.anonymous().mayRead("acme")).isTrue();
        Caller acme = Caller.of("acme", "alice", "api-key");
        assertThat(acme.mayRead("acme")).isTrue();
        assertThat(acme.mayRead("globex")).isFalse();
        assertThat(acme.mayRead(null)).as("tenant-less objects are the default tenant's").isFalse();
        assertThat(Caller.of("default", "d", "api-key").mayRead(null)).isTrue();
    }
}
