package io.editstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

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
        assertThat(request.tenant()).isEqualTo("default");
    }

    @Test
    void optionsAreParsedAndRangeChecked() {
        var request = parser.parse(Map.of("instruction", "x", "steps", "30", "seed", "-7", "textGuidance", "5",
                "noChangeInstruction", "keep the cube", "tenant", "acme"), Set.of("image", "reference"));
        assertThat(request.options().getSteps()).isEqualTo(30);
        assertThat(request.options().getSeed()).isEqualTo(-7L);
        assertThat(request.options().getNoChangeInstruction()).isEqualTo("keep the cube");
        assertThat(request.tenant()).isEqualTo("acme");
        assertThatThrownBy(() -> parser.parse(Map.of("instruction", "x", "steps", "0"), Set.of("image")))
                .hasMessageContaining("steps must be a whole number from 1 to 150");
        assertThatThrownBy(() -> parser.parse(Map.of("instruction", "x", "textGuidance", "abc"), Set.of("image")))
                .hasMessageContaining("textGuidance");
        assertThatThrownBy(() -> parser.parse(Map.of("instruction", "x", "tenant", "a/b"), Set.of("image")))
                .hasMessageContaining("tenant");
    }

    @Test
    void unknownFieldsAreRefusedByName() {
        assertThatThrownBy(() -> parser.parse(Map.of("instruction", "x", "step", "3"), Set.of("image")))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.code()).isEqualTo("unknown_field");
                    assertThat(e.getMessage()).contains("[step]");
                });
        assertThatThrownBy(() -> parser.parse(Map.of("instruction", "x"), Set.of("image", "mask")))
                .hasMessageContaining("[mask]");
    }

    @Test
    void instructionMustBePresentAndNotTooLong() {
        assertThatThrownBy(() -> parser.parse(Map.of("instruction", "   "), Set.of("image")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.code()).isEqualTo("missing_instruction"));
        assertThatThrownBy(() -> parser.parse(Map.of("instruction", "x".repeat(51)), Set.of("image")))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.code()).isEqualTo("instruction_too_long");
                    assertThat(e.getMessage()).contains("51 characters; the limit is 50");
                });
        assertThatThrownBy(() -> parser.parse(Map.of("instruction", "x"), Set.of()))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.code()).isEqualTo("missing_image"));
    }
}
