package io.editstream.auth;

import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code quotas} section: per tenant, edits per second (a token bucket of {@code burst} tokens refilled at
 * {@code requestsPerSecond}) and edits in flight; a tenant under {@code tenants.<name>} overrides the defaults.
 * 0 means no limit, which is the default: a limit is a decision about a deployment, so it is set in its config.
 */
public record QuotaSettings(Limits defaults, Map<String, Limits> tenants) {

    /** One tenant's limits; 0 = unlimited. */
    public record Limits(double requestsPerSecond, int burst, int inFlight) {
        public Limits {
            if (requestsPerSecond < 0 || burst < 0 || inFlight < 0) {
                throw new IllegalArgumentException("quota limits cannot be negative");
            }
            burst = burst == 0 && requestsPerSecond > 0 ? (int) Math.max(1, Math.ceil(requestsPerSecond)) : burst;
        }

        static Limits from(JsonObject json, Limits base) {
            return new Limits(number(json, "requestsPerSecond", base.requestsPerSecond()),
                    (int) number(json, "burst", base.burst()), (int) number(json, "inFlight", base.inFlight()));
        }

        /** A number, or its text (environment variables arrive as strings). */
        private static double number(JsonObject json, String key, double otherwise) {
            Object value = json.getValue(key);
            if (value == null || String.valueOf(value).isBlank()) {
                return otherwise;
            }
            try {
                return value instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(value).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("quotas." + key + " must be a number, got '" + value + "'");
            }
        }
    }

    public static QuotaSettings unlimited() {
        return new QuotaSettings(new Limits(0, 0, 0), Map.of());
    }

    public static QuotaSettings from(JsonObject quotas) {
        JsonObject q = quotas == null ? new JsonObject() : quotas;
        Limits defaults = Limits.from(q, new Limits(0, 0, 0));
        Map<String, Limits> tenants = new HashMap<>();
        q.getJsonObject("tenants", new JsonObject()).forEach(e -> tenants.put(Tenants.checked(e.getKey()),
                Limits.from((JsonObject) e.getValue(), defaults)));
        return new QuotaSettings(defaults, Map.copyOf(tenants));
    }

    public Limits of(String tenant) {
        return tenants.getOrDefault(tenant, defaults);
    }
}
