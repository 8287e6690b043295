package io.editstream.reasoner.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.vlm.ResponseMode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The reasoner's prompt written for each response mode. */
class ChatRequestsTest {

    @Test
    void eachModeAsksForItsFormat() {
        JsonObject schema = ChatRequests.prompt("data:x", "i").body("m", ResponseMode.JSON_SCHEMA, 256);
        assertThat(schema.getJsonObject("response_format").getJsonObject("json_schema").getString("name")).isEqualTo("reasoning");
        assertThat(schema.getInteger("temperature")).isZero();
        assertThat(schema.getInteger("max_tokens")).isEqualTo(256);
        assertThat(schema.getJsonArray("messages").getJsonObject(0).getString("content")).contains("EXPLICIT", "PHYSICAL", "TEMPORAL",
                "CAUSAL", "STORY", "explicit_instruction", "objects", "rationale");
        assertThat(ChatRequests.prompt("data:x", "i").body("m", ResponseMode.JSON_OBJECT, 256).getJsonObject("response_format")
                .getString("type")).isEqualTo("json_object");
        JsonObject prompt = ChatRequests.prompt("data:x", "i").body("", ResponseMode.PROMPT_ONLY, 256);
        assertThat(prompt.containsKey("response_format")).isFalse();
        assertThat(prompt.containsKey("model")).as("empty model left out").isFalse();
    }
}
