package io.editstream.storage;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * Every claim-check URI an event names, found by walking its Avro record: any {@code ImageRef} or
 * {@code TensorRef}, however deep (the request context's source and reference, a stage's tensor). Walking the
 * schema rather than listing fields per event means a field added later is checked too.
 */
public final class EventUris {
    private static final String EVENTS = "io.editstream.events.";

    private EventUris() {
    }

    /** Field path (e.g. {@code context.source}) to URI, in schema order. */
    public static Map<String, String> of(IndexedRecord event) {
        Map<String, String> uris = new LinkedHashMap<>();
        walk("", event, uris);
        return uris;
    }

    private static void walk(String path, Object value, Map<String, String> uris) {
        if (value instanceof IndexedRecord record) {
            String name = record.getSchema().getFullName();
            if (name.equals(EVENTS + "ImageRef") || name.equals(EVENTS + "TensorRef")) {
                Object uri = record.get(record.getSchema().getField("uri").pos());
                uris.put(path, uri == null ? null : uri.toString());
                return;
            }
            for (Schema.Field field : record.getSchema().getFields()) {
                walk(path.isEmpty() ? field.name() : path + "." + field.name(), record.get(field.pos()), uris);
            }
        } else if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(path + "[" + i++ + "]", item, uris);
            }
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(path + "[" + k + "]", v, uris));
        }
    }
}
