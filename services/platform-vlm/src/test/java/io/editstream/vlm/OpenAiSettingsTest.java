package io.editstream.vlm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The endpoint from any spelling of its URL, and what is refused naming the section's key. */
class OpenAiSettingsTest {

    private static OpenAiSettings from(JsonObject section) {
        return OpenAiSettings.from(section, "test.vlm", "TEST_VLM_URL");
    }

    @Test
    void everySpellingOfTheUrlNamesTheChatEndpoint() {
        for (String url : new String[] {"http://vlm:8000", "http://vlm:8000/", "http://vlm:8000/v1", "http://vlm:8000/v1/chat/completions"}) {
            OpenAiSettings s = from(new JsonObject().put("url", url));
            assertThat(s.chatUri()).as(url).hasToString("http://vlm:8000/v1/chat/completions");
            assertThat(s.modelsUri()).hasToString("http://vlm:8000/v1/models");
        }
        assertThat(from(new JsonObject().put("url", "http://ollama:11434/v1")).chatUri())
                .hasToString("http://ollama:11434/v1/chat/completions");
    }

    @Test
    void badSettingsAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> from(new JsonObject().put("url", ""))).hasMessageContaining("test.vlm.url (TEST_VLM_URL) is empty");
        assertThatThrownBy(() -> from(new JsonObject().put("url", "vlm:8000"))).hasMessageContaining("http(s)");
        assertThatThrownBy(() -> from(new JsonObject().put("url", "http://vlm").put("responseFormat", "xml")))
                .hasMessageContaining("responseFormat");
        assertThatThrownBy(() -> from(new JsonObject().put("url", "http://vlm").put("maxConcurrency", 0)))
                .hasMessageContaining("test.vlm.maxConcurrency");
        OpenAiSettings fixed = from(new JsonObject().put("url", "http://vlm").put("responseFormat", "json_object"));
        assertThat(fixed.firstMode()).isEqualTo(ResponseMode.JSON_OBJECT);
        assertThat(fixed.fallback()).isFalse();
    }
}
