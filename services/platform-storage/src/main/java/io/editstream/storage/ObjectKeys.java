package io.editstream.storage;

/**
 * Object keys are a function of the request and the stage only, so a stage that runs twice for the
 * same request (after a crash) overwrites its earlier object instead of leaving a duplicate.
 */
public final class ObjectKeys {
    private ObjectKeys() {
    }

    public static String source(String requestId, String ext) {
        return "requests/" + safe(requestId) + "/source." + ext;
    }

    public static String reference(String requestId, String ext) {
        return "requests/" + safe(requestId) + "/reference." + ext;
    }

    public static String tensor(String requestId, String stage) {
        return "tensors/" + safe(requestId) + "/" + safe(stage) + ".bin";
    }

    public static String result(String requestId) {
        return "results/" + safe(requestId) + "/edited.png";
    }

    public static String resultNoChange(String requestId) {
        return "results/" + safe(requestId) + "/no-change.png";
    }

    /** Request ids come from clients (Kafka producers): refuse anything that could escape its folder. */
    static String safe(String part) {
        if (part == null || part.isEmpty() || !part.matches("[A-Za-z0-9._-]+") || part.startsWith(".")) {
            throw new IllegalArgumentException("not a valid id for an object key: '" + part + "'");
        }
        return part;
    }
}
