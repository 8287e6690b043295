package io.editstream.storage;

/**
 * Object keys are a function of the tenant, the request and the stage only, so a stage that runs twice for
 * the same request (after a crash) overwrites its earlier object instead of leaving a duplicate. Everything a
 * request stores lies under {@code tenants/{tenant}/requests/{id}/}, so stages can refuse an event naming an
 * object outside its tenant's prefix ({@link TenantPrefix}).
 */
public final class ObjectKeys {
    private ObjectKeys() {
    }

    /** {@code tenants/{tenant}/requests/{id}/}: the folder of one request's objects. */
    public static String request(String tenant, String requestId) {
        return TenantPrefix.of(tenant) + "requests/" + safe(requestId) + "/";
    }

    public static String source(String tenant, String requestId, String ext) {
        return request(tenant, requestId) + "source." + safe(ext);
    }

    public static String reference(String tenant, String requestId, String ext) {
        return request(tenant, requestId) + "reference." + safe(ext);
    }

    public static String tensor(String tenant, String requestId, String stage) {
        return request(tenant, requestId) + "tensors/" + safe(stage) + ".bin";
    }

    public static String result(String tenant, String requestId) {
        return request(tenant, requestId) + "edited.png";
    }

    public static String resultNoChange(String tenant, String requestId) {
        return request(tenant, requestId) + "no-change.png";
    }

    /** Request ids come from clients (Kafka producers): refuse anything that could escape its folder. */
    static String safe(String part) {
        if (part == null || part.isEmpty() || !part.matches("[A-Za-z0-9._-]+") || part.startsWith(".")) {
            throw new IllegalArgumentException("not a valid id for an object key: '" + part + "'");
        }
        return part;
    }
}
