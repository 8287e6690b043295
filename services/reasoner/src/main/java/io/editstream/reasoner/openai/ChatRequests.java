package io.editstream.reasoner.openai;

import io.editstream.events.ReasoningType;
import io.editstream.vlm.ChatImages;
import io.editstream.vlm.ChatPrompt;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;

/**
 * The chat-completions prompt that asks a vision-language model for ReasonBrain's output: a system prompt that
 * describes the answer, one user message with the source image (a PNG data URI, scaled down to fit
 * {@code maxImageSide}) and the instruction, and the answer's JSON schema ({@link ChatPrompt} writes the body for
 * the response format the client asks with).
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

    /** The prompt for one source image (a data URI, {@link ChatImages#dataUri}) and instruction. */
    public static ChatPrompt prompt(String imageDataUri, String instruction) {
        return new ChatPrompt(SYSTEM_PROMPT, List.of(ChatPrompt.image(imageDataUri), ChatPrompt.text("Instruction: " + instruction)),
                "reasoning", answerSchema());
    }
}
