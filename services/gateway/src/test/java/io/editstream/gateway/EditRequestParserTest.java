package io.editstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.editstream.service.ValidationException;
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
        assertThat(request.options().getTextGuidance()).as("unset: the renderer's model decides").isNull();
        assertThat(request.options().getImageGuidance()).isNull();
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

    @Test
    void benchmarkFieldsBecomeTheRequestsBenchmarkTag() {
        assertThat(parser.parse(Map.of("instruction", "x"), Set.of("image")).benchmark()).isNull();
        var tag = parser.parse(Map.of("instruction", "x", "benchmarkRun", "run-1", "benchmarkItem", "00012",
                "benchmarkTask", "kubric", "benchmarkCategory", "PHYSICAL", "benchmarkVariant", "no_change",
                "modelTag", "fixture", "targetText", "move the cube"), Set.of("image")).benchmark();
        assertThat(tag.getRun()).isEqualTo("run-1");
        assertThat(tag.getItem()).isEqualTo("00012");
        assertThat(tag.getTask()).isEqualTo("kubric");
        assertThat(tag.getCategory()).isEqualTo("PHYSICAL");
        assertThat(tag.getVariant()).isEqualTo("no_change");
        assertThat(tag.getModelTag()).isEqualTo("fixture");
        assertThat(tag.getTargetText()).isEqualTo("move the cube");
        var plain = parser.parse(Map.of("instruction", "x", "benchmarkRun", "r", "benchmarkItem", "1"), Set.of("image")).benchmark();
        assertThat(plain.getVariant()).isEqualTo("edit");
        assertThat(plain.getTask()).isEmpty();
    }

    @Test
    void benchmarkFieldsAreChecked() {
        assertThatThrownBy(() -> parser.parse(Map.of("instruction", "x", "benchmarkItem", "1"), Set.of("image")))
                .hasMessageContaining("needs benchmarkRun");
        assertThatThrownBy(() -> parser.parse(Map.of("instruction", "x", "benchmarkRun", "r"), Set.of("image")))
                .hasMessageContaining("benchmarkItem");
        assertThatThrownBy(() -> parser.parse(Map.of("instruction", "x", "benchmarkRun", "r", "benchmarkItem", "1",
                "benchmarkVariant", "twin"), Set.of("image"))).hasMessageContaining("edit or no_change");
        assertThatThrownBy(() -> parser.parse(Map.of("instruction", "x", "benchmarkRun", "r/2", "benchmarkItem", "1"), Set.of("image")))
                .hasMessageContaining("benchmarkRun");
    }
}
