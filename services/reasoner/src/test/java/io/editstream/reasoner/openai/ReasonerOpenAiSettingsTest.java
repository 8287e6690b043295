package io.editstream.reasoner.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.editstream.vlm.OpenAiSettings;
import io.editstream.vlm.ResponseMode;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The reasoner's shipped {@code reasoner.openai} defaults, and messages that name its keys and REASONER_OPENAI_URL. */
class ReasonerOpenAiSettingsTest {

    @Test
    void theShippedDefaults() throws Exception {
        JsonObject openai;
        try (InputStream in = getClass().getResourceAsStream("/reasoner.json")) {
            openai = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getJsonObject("reasoner").getJsonObject("openai");
        }
        OpenAiSettings s = OpenAiReasoner.settings(openai.put("url", "http://vlm:8000"));
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.maxConcurrency()).isEqualTo(4);
        assertThat(s.maxImageSide()).isEqualTo(768);
        assertThat(s.firstMode()).isEqualTo(ResponseMode.JSON_SCHEMA);
        assertThat(s.fallback()).isTrue();
        assertThat(s.model()).isEmpty();
        assertThat(s.key()).isEqualTo("reasoner.openai");
    }

    @Test
    void messagesNameTheReasonersKeys() {
        assertThatThrownBy(() -> OpenAiReasoner.settings(new JsonObject().put("url", ""))).hasMessageContaining("REASONER_OPENAI_URL");
        assertThatThrownBy(() -> OpenAiReasoner.settings(new JsonObject().put("url", "http://vlm").put("maxConcurrency", 0)))
                .hasMessageContaining("reasoner.openai.maxConcurrency");
    }
}
