package io.editstream.reasoner.openai;

import io.editstream.reasoner.Reasoning;
import io.editstream.testing.StubChatServer;
import io.editstream.vlm.OpenAiClient;
import io.editstream.vlm.OpenAiSettings;
import io.editstream.testing.PaintedScene;
import io.vertx.core.json.JsonObject;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the stand-in tests share: a client on a stub server, with the waits between attempts recorded, not slept. */
final class StandIns {
    static final String ANSWER = "{\"explicit_instruction\": \"move the red ball to the floor\", \"scenario\": \"PHYSICAL\", "
            + "\"objects\": [\"red ball\", \"table\"], \"rationale\": \"A ball pushed off the edge falls to the floor.\"}";

    final List<Duration> waits = new CopyOnWriteArrayList<>();
    final OpenAiSettings settings;
    final OpenAiClient client;
    final OpenAiReasoner reasoner;

    StandIns(StubChatServer server, JsonObject overrides) {
        JsonObject config = new JsonObject().put("url", server.url()).put("model", "").put("timeoutMs", 2000)
                .put("maxRetries", 2).put("circuitFailures", 100).mergeIn(overrides);
        settings = OpenAiReasoner.settings(config);
        client = new OpenAiClient(settings, waits::add);
        reasoner = new OpenAiReasoner(settings, client);
    }

    StandIns(StubChatServer server) {
        this(server, new JsonObject());
    }

    Reasoning reason() {
        return reasoner.reason(scene(), "what would happen if the red ball rolled off the table?");
    }

    /** A JSON string literal of {@code text}, to put an answer inside a completion body. */
    static String quoted(String text) {
        return io.editstream.testing.StandInBodies.quoted(text);
    }

    static BufferedImage scene() {
        return PaintedScene.filled(96, 64, Color.LIGHT_GRAY).oval(Color.RED, 30, 20, 12, 12).image();
    }
}
