package io.editstream.scorer.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.editstream.vlm.ChatResponses.Completion;
import io.editstream.vlm.OpenAiFailure;
import io.editstream.vlm.OpenAiFailure.Kind;
import io.editstream.vlm.ResponseMode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The judge's prompt (source, edited image, instruction; the 1..5 schema) and its answer read loosely, or refused with a kind. */
class JudgeAnswerTest {

    private static Completion content(String text, String finish) {
        return new Completion("m", "", text, finish, "");
    }

    @Test
    void thePromptShowsSourceThenEditThenInstructionAndAsksForThreeRatings() {
        JsonObject body = JudgePrompt.prompt("data:src", "data:out", "make the ball ripe").body("judge", ResponseMode.JSON_SCHEMA, 256);
        JsonObject user = body.getJsonArray("messages").getJsonObject(1);
        assertThat(user.getJsonArray("content").stream().map(p -> ((JsonObject) p).encode()).toList())
                .satisfiesExactly(
                        p -> assertThat(p).contains("SOURCE image"),
                        p -> assertThat(p).contains("data:src"),
                        p -> assertThat(p).contains("EDITED image"),
                        p -> assertThat(p).contains("data:out"),
                        p -> assertThat(p).contains("Instruction: make the ball ripe"));
        JsonObject schema = body.getJsonObject("response_format").getJsonObject("json_schema").getJsonObject("schema");
        assertThat(schema.getJsonArray("required")).containsExactly("instruction_following", "appearance_consistency",
                "visual_plausibility", "reason");
        assertThat(schema.getJsonObject("properties").getJsonObject("visual_plausibility").getInteger("maximum")).isEqualTo(5);
        assertThat(body.getJsonArray("messages").getJsonObject(0).getString("content"))
                .contains("instruction_following", "appearance_consistency", "visual_plausibility", "1 (worst) to 5 (best)");
    }

    @Test
    void ratingsAreReadFromLooseNamesNumbersAndStrings() {
        JudgeAnswer.Ratings r = JudgeAnswer.parse(content("Sure.\n```json\n{\"Instruction Following\": \"4/5\", \"visualConsistency\": 5, "
                + "\"visual_quality\": 3.0, \"reason\": \" The ball is riper. \"}\n```", "stop"));
        assertThat(r.instructionFollowing()).isEqualTo(4);
        assertThat(r.visualPlausibility()).isEqualTo(3);
        assertThat(r.reason()).isEqualTo("The ball is riper.");
        assertThat(JudgeAnswer.parse(content("<think>the ball</think>{\"instruction_reasoning\": 2, \"appearance_consistency\": 4, "
                + "\"visual_plausibility\": \"5 out of 5\"}", "stop")).appearanceConsistency()).isEqualTo(4);
    }

    @Test
    void eachUnusableAnswerHasItsKind() {
        assertKind(new Completion("m", "", "", "stop", "I can't rate this image."), Kind.REFUSED);
        assertKind(content("I'm sorry, I can't help with that.", "stop"), Kind.REFUSED);
        assertKind(content("The edit looks good.", "stop"), Kind.MALFORMED);
        assertKind(content("{\"instruction_following\": 4, \"appearance_consistency\": 5}", "stop"), Kind.MALFORMED);
        assertKind(content("{\"instruction_following\": 7, \"appearance_consistency\": 5, \"visual_plausibility\": 4}", "stop"), Kind.INVALID_ANSWER);
        assertKind(content("{\"instruction_following\": 0, \"appearance_consistency\": 5, \"visual_plausibility\": 4}", "stop"), Kind.INVALID_ANSWER);
        assertKind(content("{\"instruction_following\": \"good\", \"appearance_consistency\": 5, \"visual_plausibility\": 4}", "stop"),
                Kind.INVALID_ANSWER);
        assertKind(content("{\"instruction_following\": 4, \"appearance_consis", "length"), Kind.TRUNCATED);
    }

    private static void assertKind(Completion completion, Kind kind) {
        assertThatThrownBy(() -> JudgeAnswer.parse(completion)).as(completion.toString())
                .isInstanceOfSatisfying(OpenAiFailure.class, f -> assertThat(f.kind()).isEqualTo(kind));
    }
}
