package io.editstream.reasoner.openai;

import io.editstream.events.ReasoningType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Base64;
import javax.imageio.ImageIO;

/**
 * The chat-completions request that asks a vision-language model for ReasonBrain's output: a system prompt that
 * describes the answer, one user message with the source image (a PNG data URI, scaled down to fit
 * {@code maxImageSide}) and the instruction, greedy sampling, and the answer's JSON schema as the
 * {@code response_format} the mode asks for.
 */
public final class ChatRequests {
    /** The answer's fields, as the schema and the prompt name them. */
    static final String EXPLICIT = "explicit_instruction";
    static final String SCENARIO = "scenario";
    static final String OBJECTS = "objects";
    static final String RATIONALE = "rationale";

    static final String SYSTEM_PROMPT = """
            You are the reasoner of an image-editing pipeline. You see an image and an editing instruction, which \
            may be explicit ("make the ball blue") or hypothetical ("what would the table look like if the ball rolled \
            off?"). Work out the concrete visual edit the instruction implies for this image.
            Answer with one JSON object and nothing else, with these fields:
            - "explicit_instruction": one short imperative sentence that states the edit outright, naming the objects \
            by colour and kind as they appear in the image (for example "move the red ball to the floor");
            - "scenario": how the instruction asks for the edit, exactly one of EXPLICIT (stated outright), PHYSICAL \
            (a physical process or law), TEMPORAL (the passing of time), CAUSAL (a cause and its effect) or STORY \
            (a narrative or imagined situation);
            - "objects": the objects the edit touches, each a short lowercase noun phrase of at most three qualifying \
            words and a noun ("red ball", "small green cone");
            - "rationale": one short sentence on why this edit follows from the instruction.""";

    private ChatRequests() {
    }

    /** The JSON schema the answer must follow. */
    public static JsonObject answerSchema() {
        JsonArray scenarios = new JsonArray(Arrays.stream(ReasoningType.values()).map(Enum::name).toList());
        return new JsonObject().put("type", "object")
                .put("properties", new JsonObject()
                        .put(EXPLICIT, new JsonObject().put("type", "string"))
                        .put(SCENARIO, new JsonObject().put("type", "string").put("enum", scenarios))
                        .put(OBJECTS, new JsonObject().put("type", "array").put("items", new JsonObject().put("type", "string")))
                        .put(RATIONALE, new JsonObject().put("type", "string")))
                .put("required", new JsonArray().add(EXPLICIT).add(SCENARIO).add(OBJECTS).add(RATIONALE))
                .put("additionalProperties", false);
    }

    /** The request body; {@code model} is left out when empty (servers that serve one model pick it). */
    public static JsonObject body(String model, String imageDataUri, String instruction, ResponseMode mode, int maxTokens) {
        JsonArray content = new JsonArray()
                .add(new JsonObject().put("type", "image_url").put("image_url", new JsonObject().put("url", imageDataUri)))
                .add(new JsonObject().put("type", "text").put("text", "Instruction: " + instruction));
        JsonObject body = new JsonObject();
        if (!model.isEmpty()) {
            body.put("model", model);
        }
        body.put("messages", new JsonArray()
                        .add(new JsonObject().put("role", "system").put("content", SYSTEM_PROMPT))
                        .add(new JsonObject().put("role", "user").put("content", content)))
                .put("temperature", 0).put("max_tokens", maxTokens).put("stream", false);
        switch (mode) {
            case JSON_SCHEMA -> body.put("response_format", new JsonObject().put("type", "json_schema")
                    .put("json_schema", new JsonObject().put("name", "reasoning").put("strict", true).put("schema", answerSchema())));
            // llama.cpp constrains json_object by a "schema" beside it; the others ignore the extra key
            case JSON_OBJECT -> body.put("response_format", new JsonObject().put("type", "json_object").put("schema", answerSchema()));
            case PROMPT_ONLY -> { }
        }
        return body;
    }

    /** The image as a PNG data URI, scaled (keeping its aspect) so that its longer side is at most {@code maxSide}. */
    public static String imageDataUri(BufferedImage image, int maxSide) {
        BufferedImage scaled = fit(image, maxSide);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(scaled, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the source image as PNG", e);
        }
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray());
    }

    static BufferedImage fit(BufferedImage image, int maxSide) {
        int w = image.getWidth();
        int h = image.getHeight();
        int longSide = Math.max(w, h);
        boolean rgb = image.getType() == BufferedImage.TYPE_INT_RGB;
        if (longSide <= maxSide && rgb) {
            return image;
        }
        double scale = longSide <= maxSide ? 1.0 : (double) maxSide / longSide;
        int nw = Math.max(1, (int) Math.round(w * scale));
        int nh = Math.max(1, (int) Math.round(h * scale));
        BufferedImage out = new BufferedImage(nw, nh, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(image, 0, 0, nw, nh, null);
        g.dispose();
        return out;
    }
}
