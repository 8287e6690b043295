package io.editstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The text fields' parsing: defaults, values carried into EditOptions, tenant and no-change prompt rules. */
class EditRequestParserTest {
    private final EditRequestParser parser = new EditRequestParser(50);

    @Test
    void defaultsFollowInstructPix2PixInference() {
        var request = parser.parse(Map.of("instruction", "  make it snow  "), Set.of("image"));
        assertThat(request.instruction()).isEqualTo("make it snow");
        assertThat(request.options().getSteps()).isEqualTo(20);
        assertThat(request.options().getTextGuidance()).isEqualTo(7.5f);
        assertThat(request.options().getImageGuidance()).isEqualTo(1.5f);
        assertThat(request.options().getSeed()).isEqualTo(42L);
        assertThat(request.options().getNoChangeInstruction()).isNull();
        assertThat(request.tenant()).isEqualTo("default");
    }

    @Test
    void givenOptionsAreCarriedIntoTheEvent() {
        var request = parser.parse(Map.of("instruction", "x", "steps", "30", "seed", "-7", "textGuidance", "5",
                "imageGuidance", "2.25", "noChangeInstruction", "keep the cube", "tenant", "acme"), Set.of("image", "reference"));
        assertThat(request.options().getSteps()).isEqualTo(30);
        assertThat(request.options().getSeed()).isEqualTo(-7L);
        assertThat(request.options().getTextGuidance()).isEqualTo(5f);
        assertThat(request.options().getImageGuidance()).isEqualTo(2.25f);
        assertThat(request.options().getNoChangeInstruction()).isEqualTo("keep the cube");
        assertThat(request.tenant()).isEqualTo("acme");
    }

    @Test
    void tenantAndNoChangeInstructionAreChecked() {
        assertThatThrownBy(() -> parser.parse(Map.of("instruction", "x", "tenant", "a/b"), Set.of("image")))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.code()).isEqualTo("invalid_option");
                    assertThat(e.getMessage()).contains("tenant must be 1-64 letters");
                });
        assertThatThrownBy(() -> parser.parse(Map.of("instruction", "x", "noChangeInstruction", "z".repeat(51)), Set.of("image")))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.code()).isEqualTo("instruction_too_long");
                    assertThat(e.getMessage()).startsWith("noChangeInstruction is 51 characters");
                });
    }

    @Test
    void unknownFieldsAreAllNamedWithTheAcceptedOnes() {
        assertThatThrownBy(() -> parser.parse(Map.of("instruction", "x", "step", "3", "prompt", "y"), Set.of("image", "mask")))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.code()).isEqualTo("unknown_field");
                    assertThat(e.getMessage()).contains("[mask, prompt, step]").contains("accepted: text [");
                });
    }
}
