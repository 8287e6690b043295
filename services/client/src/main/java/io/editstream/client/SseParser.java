package io.editstream.client;

import java.util.Optional;

/**
 * Reads a server-sent-event stream line by line (the text/event-stream format): {@code event:} names the event,
 * {@code data:} lines are joined with newlines, a blank line dispatches it, {@code :} lines are comments. Not
 * thread-safe: one parser per stream.
 */
public final class SseParser {
    /** One dispatched event; {@code name} is "message" when the server named none. */
    public record Event(String name, String data) {
    }

    private String name;
    private StringBuilder data;

    /** Feeds one line (without its line end); returns the event a blank line completes. */
    public Optional<Event> line(String line) {
        if (line.isEmpty()) {
            Optional<Event> event = data == null ? Optional.empty() : Optional.of(new Event(name == null ? "message" : name, data.toString()));
            name = null;
            data = null;
            return event;
        }
        if (line.startsWith(":")) {
            return Optional.empty();
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if (field.equals("event")) {
            name = value;
        } else if (field.equals("data")) {
            data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        }
        return Optional.empty();
    }
}
