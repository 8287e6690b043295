package io.editstream.auth;

import java.util.regex.Pattern;

/** What a tenant may be called: it becomes part of object keys and metric labels, so nothing that could escape them. */
public final class Tenants {
    public static final String DEFAULT = "default";
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private Tenants() {
    }

    public static String checked(String tenant) {
        if (tenant == null || !NAME.matcher(tenant).matches()) {
            throw new IllegalArgumentException("a tenant must be 1-64 letters, digits, '-' or '_', got '" + tenant + "'");
        }
        return tenant;
    }
}
