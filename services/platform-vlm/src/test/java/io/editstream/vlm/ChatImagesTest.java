package io.editstream.vlm;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Images scaled down to maxImageSide as PNG data URIs, and a prompt's body per response mode. */
class ChatImagesTest {

    @Test
    void theImageIsScaledDownToTheLongSideKeepingItsAspect() throws Exception {
        BufferedImage wide = new BufferedImage(1000, 500, BufferedImage.TYPE_INT_ARGB);
        String uri = ChatImages.dataUri(wide, 256);
        assertThat(uri).startsWith("data:image/png;base64,");
        BufferedImage sent = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(uri.substring(uri.indexOf(',') + 1))));
        assertThat(sent.getWidth()).isEqualTo(256);
        assertThat(sent.getHeight()).isEqualTo(128);

        BufferedImage small = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        assertThat(ChatImages.fit(small, 256)).as("never scaled up").isSameAs(small);
    }

    @Test
    void partsKeepTheirOrderAndTheSchemaGoesWhereTheModeAsks() {
        ChatPrompt prompt = new ChatPrompt("sys", List.of(ChatPrompt.image("data:a"), ChatPrompt.text("t"), ChatPrompt.image("data:b")),
                "rating", new JsonObject().put("type", "object"));
        JsonObject body = prompt.body("m", ResponseMode.JSON_SCHEMA, 64);
        assertThat(body.getJsonArray("messages").getJsonObject(1).getJsonArray("content")).extracting(p -> ((JsonObject) p).getString("type"))
                .containsExactly("image_url", "text", "image_url");
        assertThat(body.getJsonObject("response_format").getJsonObject("json_schema").getString("name")).isEqualTo("rating");
        assertThat(prompt.body("m", ResponseMode.JSON_OBJECT, 64).getJsonObject("response_format").getJsonObject("schema")).isNotNull();
        assertThat(prompt.body("", ResponseMode.PROMPT_ONLY, 64).fieldNames()).doesNotContain("response_format", "model");
    }
}
