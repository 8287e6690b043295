package io.editstream.storage;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * Where a tenant's objects live ({@code tenants/{tenant}/}) and whether a URI an event names lies there. A
 * producer writing straight to Kafka could name another tenant's image; a stage asks this before it reads
 * anything, so a request can only ever touch its own tenant's objects.
 */
public final class TenantPrefix {
    /** The tenant of an event that names none (events from before tenants existed). */
    public static final String DEFAULT = "default";
    /** The same rule as io.editstream.auth.Tenants.NAME (not a dependency here): one safe path segment. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]+");

    private TenantPrefix() {
    }

    /** {@code tenants/{tenant}/}; refuses a name that is not one safe path segment. */
    public static String of(String tenant) {
        if (tenant == null || !NAME.matcher(tenant).matches()) {
            throw new IllegalArgumentException("not a valid tenant for an object key: '" + tenant + "'");
        }
        return "tenants/" + tenant + "/";
    }

    /**
     * Why {@code uri} is not {@code tenant}'s, or empty when it is an {@code s3://bucket/key} under its prefix, or an
     * inline tensor's {@code inline:key} whose key is: an inline tensor reads no object, but a ref naming another
     * tenant's key is still refused, so every ref an event carries obeys the one rule.
     */
    public static Optional<String> violation(String tenant, String uri) {
        String prefix;
        try {
            prefix = of(tenant);
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        String key = key(uri);
        if (key == null || !key.startsWith(prefix) || !plain(key)) {
            return Optional.of(uri + " is outside tenant '" + tenant + "' (its objects live under " + prefix + ")");
        }
        return Optional.empty();
    }

    /**
     * Why {@code event} may not be processed: the first image or tensor URI it names (anywhere, the context's
     * source and reference included) that is not under its tenant's prefix; empty when all are.
     */
    public static Optional<String> outside(IndexedRecord event) {
        String tenant = tenant(event);
        for (Map.Entry<String, String> ref : EventUris.of(event).entrySet()) {
            Optional<String> why = violation(tenant, ref.getValue());
            if (why.isPresent()) {
                return Optional.of(ref.getKey() + " " + why.get());
            }
        }
        return Optional.empty();
    }

    /**
     * The event's tenant; the schemas' default when its schema has no such field. An empty name is kept (and then
     * refused), since the stages would fail to build its keys anyway.
     */
    public static String tenant(IndexedRecord event) {
        Schema.Field field = event.getSchema().getField("tenant");
        Object value = field == null ? null : event.get(field.pos());
        return value == null ? DEFAULT : value.toString();
    }

    private static String key(String uri) {
        if (TensorPlacement.isInline(uri)) {
            return uri.substring(TensorPlacement.INLINE_SCHEME.length());
        }
        if (uri == null || !uri.startsWith("s3://")) {
            return null;
        }
        int slash = uri.indexOf('/', 5);
        return slash <= 5 ? null : uri.substring(slash + 1);
    }

    /** No empty, "." or ".." segment: a store that normalises the path could otherwise be led out of the prefix. */
    private static boolean plain(String key) {
        for (String segment : key.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches() || segment.startsWith(".")) {
                return false;
            }
        }
        return true;
    }
}
