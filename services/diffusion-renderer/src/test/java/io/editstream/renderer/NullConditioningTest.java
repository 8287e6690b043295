package io.editstream.renderer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.editstream.onnx.FloatTensor;
import org.junit.jupiter.api.Test;

class NullConditioningTest {
    private static final FloatTensor PROMPT = new FloatTensor(new long[] {2, 2}, new float[] {1, 2, 3, 4});

    @Test
    void nullRowsAreTheEmptyPromptsEncodingOrZeros() {
        var empty = new NullConditioning(new long[] {2, 2}, new float[] {9, 8, 7, 6});
        assertThat(empty.hiddenStates(PROMPT, 3)).containsExactly(1, 2, 3, 4, 9, 8, 7, 6, 9, 8, 7, 6);
        var zeros = new NullConditioning(new long[] {2, 2}, null);
        assertThat(zeros.hiddenStates(PROMPT, 2)).containsExactly(1, 2, 3, 4, 0, 0, 0, 0);
    }

    @Test
    void conditioningMustFitTheShapeWhereItIsFixed() {
        new NullConditioning(new long[] {-1, 2}, null).check(PROMPT);
        assertThatThrownBy(() -> new NullConditioning(new long[] {3, 2}, null).check(PROMPT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 2]").hasMessageContaining("[3, 2]");
        assertThatThrownBy(() -> new NullConditioning(new long[] {-1, -1}, null).check(new FloatTensor(new long[] {4}, new float[4])))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
