package io.editstream.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Keys are a pure function of request and stage, and request ids cannot escape their folder. */
class ObjectKeysTest {
    @Test
    void keysFollowTheDocumentedLayout() {
        assertThat(ObjectKeys.source("abc-1", "png")).isEqualTo("requests/abc-1/source.png");
        assertThat(ObjectKeys.reference("abc-1", "jpg")).isEqualTo("requests/abc-1/reference.jpg");
        assertThat(ObjectKeys.tensor("abc-1", "cue-extractor")).isEqualTo("tensors/abc-1/cue-extractor.bin");
        assertThat(ObjectKeys.result("abc-1")).isEqualTo("results/abc-1/edited.png");
        assertThat(ObjectKeys.resultNoChange("abc-1")).isEqualTo("results/abc-1/no-change.png");
    }

    @Test
    void theSameRequestAndStageAlwaysGiveTheSameKey() {
        assertThat(ObjectKeys.tensor("r-9", "reasoner")).isEqualTo(ObjectKeys.tensor("r-9", "reasoner"))
                .isNotEqualTo(ObjectKeys.tensor("r-9", "enhancer"))
                .isNotEqualTo(ObjectKeys.tensor("r-10", "reasoner"));
    }

    @Test
    void idsThatCouldEscapeTheirFolderAreRefused() {
        assertThatThrownBy(() -> ObjectKeys.result("../etc")).hasMessageContaining("not a valid id");
        assertThatThrownBy(() -> ObjectKeys.source("a/b", "png")).hasMessageContaining("not a valid id");
        assertThatThrownBy(() -> ObjectKeys.result("")).hasMessageContaining("not a valid id");
        assertThatThrownBy(() -> ObjectKeys.result(null)).hasMessageContaining("not a valid id");
        assertThatThrownBy(() -> ObjectKeys.tensor("ok", "..")).hasMessageContaining("not a valid id");
    }
}
