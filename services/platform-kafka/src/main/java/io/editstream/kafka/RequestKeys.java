package io.editstream.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * Finds the request id and tenant of a record. The record key is the request id everywhere; only when a
 * producer left the key out does the event's own {@code requestId} field stand in, and an undecodable
 * record without a key is named after its position so its failure can still be traced.
 */
public final class RequestKeys {
    private RequestKeys() {
    }

    public static String requestId(byte[] key, IndexedRecord event, String position) {
        if (key != null && key.length > 0) {
            return new String(key, StandardCharsets.UTF_8);
        }
        String fromEvent = stringField(event, "requestId");
        return fromEvent != null && !fromEvent.isEmpty() ? fromEvent : "unknown:" + position;
    }

    /** The event's tenant, or "default" when the event has none (or could not be decoded). */
    public static String tenant(IndexedRecord event) {
        String tenant = stringField(event, "tenant");
        return tenant == null || tenant.isEmpty() ? "default" : tenant;
    }

    private static String stringField(IndexedRecord event, String name) {
        if (event == null) {
            return null;
        }
        Schema.Field field = event.getSchema().getField(name);
        if (field == null) {
            return null;
        }
        Object value = event.get(field.pos());
        return value == null ? null : value.toString();
    }
}
