package io.editstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SamplingOptionsTest {
    @Test
    void defaultsBecomeFormFieldsAndTheNoChangeInstructionOnlyWhenGiven() {
        SamplingOptions defaults = CommandLine.populateCommand(new SamplingOptions());
        assertThat(defaults.fields(null)).containsExactly(
                entry("steps", "20"), entry("seed", "42"));
        SamplingOptions set = CommandLine.populateCommand(new SamplingOptions(), "--steps", "3", "--seed", "7");
        assertThat(set.fields("the ball is red")).containsExactly(
                entry("steps", "3"), entry("seed", "7"),
                entry("noChangeInstruction", "the ball is red"));
    }
}
