package io.editstream.reasoner.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.editstream.events.ReasoningType;
import io.editstream.vlm.ChatResponses.Completion;
import io.editstream.vlm.OpenAiFailure;
import io.editstream.vlm.OpenAiFailure.Kind;
import org.junit.jupiter.api.Test;

/** ReasonBrain's output from a completion, with loose field names, and each way an answer is unusable. */
class AnswerParserTest {

    private static Completion content(String text, String finish) {
        return new Completion("m", "", text, finish, "");
    }

    @Test
    void looseFieldNamesAndCasesAreRead() {
        AnswerParser.Answer a = AnswerParser.parse(content("{\"explicitInstruction\": \" turn the cube upside down \", "
                + "\"Reasoning_Type\": \"story\", \"objects\": \"Blue Cube,  table ,blue cube\"}", "stop"));
        assertThat(a.explicitInstruction()).isEqualTo("turn the cube upside down");
        assertThat(a.scenario()).isEqualTo(ReasoningType.STORY);
        assertThat(a.objects()).containsExactly("blue cube", "table");
        assertThat(a.rationale()).isEmpty();
    }

    @Test
    void eachUnusableAnswerHasItsKind() {
        assertKind(new Completion("m", "", "", "stop", "I can't assist with that."), Kind.REFUSED);
        assertKind(content("", "content_filter"), Kind.REFUSED);
        assertKind(content("Sorry, I cannot edit images of people.", "stop"), Kind.REFUSED);
        assertKind(content("The ball falls.", "stop"), Kind.MALFORMED);
        assertKind(content("", "stop"), Kind.MALFORMED);
        assertKind(content("{\"scenario\": \"CAUSAL\"}", "stop"), Kind.MALFORMED);
        assertKind(content("{\"explicit_instruction\": \"x\"}", "stop"), Kind.INVALID_ANSWER);
        assertKind(content("{\"explicit_instruction\": \"x\", \"scenario\": \"IMPLICIT\"}", "stop"), Kind.INVALID_ANSWER);
        assertKind(content("{\"explicit_instruction\": \"x\", \"sce", "stop"), Kind.TRUNCATED);
        assertKind(content("The answer is", "length"), Kind.TRUNCATED);
    }

    private static void assertKind(Completion completion, Kind kind) {
        assertThatThrownBy(() -> AnswerParser.parse(completion)).as(completion.toString())
                .isInstanceOfSatisfying(OpenAiFailure.class, f -> assertThat(f.kind()).isEqualTo(kind));
    }
}
