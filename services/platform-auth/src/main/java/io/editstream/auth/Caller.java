package io.editstream.auth;

import java.util.Optional;

/**
 * Who made a request: the tenant their credential belongs to and a name for them (an API key's name, a token's
 * subject). An anonymous caller (auth mode {@code none}) has no tenant of its own and may act for any.
 */
public record Caller(Optional<String> tenant, String name, String scheme) {
    public static final String ANONYMOUS = "anonymous";

    public static Caller anonymous() {
        return new Caller(Optional.empty(), ANONYMOUS, "none");
    }

    public static Caller of(String tenant, String name, String scheme) {
        return new Caller(Optional.of(tenant), name, scheme);
    }

    public boolean authenticated() {
        return tenant.isPresent();
    }

    /**
     * Whether this caller may see what belongs to {@code owner} (null = a tenant-less object of the days before
     * tenants, which only the "default" tenant owns). Anonymous callers see everything, as an open gateway always did.
     */
    public boolean mayRead(String owner) {
        return tenant.isEmpty() || tenant.get().equals(owner == null || owner.isEmpty() ? Tenants.DEFAULT : owner);
    }
}
