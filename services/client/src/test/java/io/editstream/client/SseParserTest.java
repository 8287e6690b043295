package io.editstream.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {
    private static List<SseParser.Event> parse(String... lines) {
        SseParser parser = new SseParser();
        List<SseParser.Event> events = new ArrayList<>();
        for (String line : lines) {
            parser.line(line).ifPresent(events::add);
        }
        return events;
    }

    @Test
    void aBlankLineDispatchesTheNamedEvent() {
        assertThat(parse("event: status", "data: {\"state\":\"QUEUED\"}", "", "event: status", "data:{}", ""))
                .containsExactly(new SseParser.Event("status", "{\"state\":\"QUEUED\"}"), new SseParser.Event("status", "{}"));
    }

    @Test
    void dataLinesJoinCommentsAreSkippedAndUnnamedEventsAreMessages() {
        assertThat(parse(": keep-alive", "data: a", "data: b", "", "", "id: 7", ""))
                .containsExactly(new SseParser.Event("message", "a\nb"));
    }
}
