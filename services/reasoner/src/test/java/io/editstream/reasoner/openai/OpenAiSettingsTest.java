package io.editstream.reasoner.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The endpoint from any spelling of its URL, the shipped defaults, and what is refused. */
class OpenAiSettingsTest {

    @Test
    void everySpellingOfTheUrlNamesTheChatEndpoint() {
        for (String url : new String[] {"http://vlm:8000", "http://vlm:8000/", "http://vlm:8000/v1", "http://vlm:8000/v1/chat/completions"}) {
            OpenAiSettings s = OpenAiSettings.from(new JsonObject().put("url", url));
            assertThat(s.chatUri()).as(url).hasToString("http://vlm:8000/v1/chat/completions");
            assertThat(s.modelsUri()).hasToString("http://vlm:8000/v1/models");
        }
        assertThat(OpenAiSettings.from(new JsonObject().put("url", "http://ollama:11434/v1")).chatUri())
                .hasToString("http://ollama:11434/v1/chat/completions");
    }

    @Test
    void theShippedDefaults() throws Exception {
        JsonObject openai;
        try (InputStream in = getClass().getResourceAsStream("/reasoner.json")) {
            openai = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getJsonObject("reasoner").getJsonObject("openai");
        }
        OpenAiSettings s = OpenAiSettings.from(openai.put("url", "http://vlm:8000"));
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.maxConcurrency()).isEqualTo(4);
        assertThat(s.maxImageSide()).isEqualTo(768);
        assertThat(s.firstMode()).isEqualTo(ResponseMode.JSON_SCHEMA);
        assertThat(s.fallback()).isTrue();
        assertThat(s.model()).isEmpty();
    }

    @Test
    void badSettingsAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> OpenAiSettings.from(new JsonObject().put("url", ""))).hasMessageContaining("REASONER_OPENAI_URL");
        assertThatThrownBy(() -> OpenAiSettings.from(new JsonObject().put("url", "vlm:8000"))).hasMessageContaining("http(s)");
        assertThatThrownBy(() -> OpenAiSettings.from(new JsonObject().put("url", "http://vlm").put("responseFormat", "xml")))
                .hasMessageContaining("responseFormat");
        assertThatThrownBy(() -> OpenAiSettings.from(new JsonObject().put("url", "http://vlm").put("maxConcurrency", 0)))
                .hasMessageContaining("maxConcurrency");
        OpenAiSettings fixed = OpenAiSettings.from(new JsonObject().put("url", "http://vlm").put("responseFormat", "json_object"));
        assertThat(fixed.firstMode()).isEqualTo(ResponseMode.JSON_OBJECT);
        assertThat(fixed.fallback()).isFalse();
    }
}
