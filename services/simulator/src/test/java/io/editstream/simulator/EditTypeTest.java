package io.editstream.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EditTypeTest {
    @Test
    void familyAndSubtypeAreReadOffTheName() {
        assertThat(Arrays.stream(EditType.values()).map(EditType::task)).containsExactly(
                "location/relative", "location/absolute", "location/closer", "location/further", "location/swap",
                "rotation/turn_around", "rotation/fall_over", "rotation/upside_down",
                "count/add", "count/remove",
                "attribute/colour", "attribute/size", "attribute/shape");
        assertThat(EditType.ROTATION_FALL_OVER.family()).isEqualTo(EditFamily.ROTATION);
        assertThat(EditType.ROTATION_FALL_OVER.subtype()).isEqualTo("fall_over");
    }
}
