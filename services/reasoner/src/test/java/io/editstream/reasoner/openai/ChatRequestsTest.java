package io.editstream.reasoner.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The request body per response mode, and the image scaled down to maxImageSide. */
class ChatRequestsTest {

    @Test
    void eachModeAsksForItsFormat() {
        JsonObject schema = ChatRequests.body("m", "data:x", "i", ResponseMode.JSON_SCHEMA, 256);
        assertThat(schema.getJsonObject("response_format").getJsonObject("json_schema").getString("name")).isEqualTo("reasoning");
        assertThat(schema.getInteger("temperature")).isZero();
        assertThat(schema.getInteger("max_tokens")).isEqualTo(256);
        assertThat(schema.getJsonArray("messages").getJsonObject(0).getString("content")).contains("EXPLICIT", "PHYSICAL", "TEMPORAL",
                "CAUSAL", "STORY", "explicit_instruction", "objects", "rationale");
        assertThat(ChatRequests.body("m", "data:x", "i", ResponseMode.JSON_OBJECT, 256).getJsonObject("response_format")
                .getString("type")).isEqualTo("json_object");
        JsonObject prompt = ChatRequests.body("", "data:x", "i", ResponseMode.PROMPT_ONLY, 256);
        assertThat(prompt.containsKey("response_format")).isFalse();
        assertThat(prompt.containsKey("model")).as("empty model left out").isFalse();
    }

    @Test
    void theImageIsScaledDownToTheLongSideKeepingItsAspect() throws Exception {
        BufferedImage wide = new BufferedImage(1000, 500, BufferedImage.TYPE_INT_ARGB);
        String uri = ChatRequests.imageDataUri(wide, 256);
        assertThat(uri).startsWith("data:image/png;base64,");
        BufferedImage sent = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(uri.substring(uri.indexOf(',') + 1))));
        assertThat(sent.getWidth()).isEqualTo(256);
        assertThat(sent.getHeight()).isEqualTo(128);

        BufferedImage small = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        assertThat(ChatRequests.fit(small, 256)).as("never scaled up").isSameAs(small);
    }
}
