package io.editstream.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Keys are a pure function of tenant, request and stage, and neither tenants nor ids can escape their folder. */
class ObjectKeysTest {
    @Test
    void keysFollowTheDocumentedLayout() {
        assertThat(ObjectKeys.request("acme", "abc-1")).isEqualTo("tenants/acme/requests/abc-1/");
        assertThat(ObjectKeys.source("acme", "abc-1", "png")).isEqualTo("tenants/acme/requests/abc-1/source.png");
        assertThat(ObjectKeys.reference("acme", "abc-1", "jpg")).isEqualTo("tenants/acme/requests/abc-1/reference.jpg");
        assertThat(ObjectKeys.tensor("acme", "abc-1", "cue-extractor")).isEqualTo("tenants/acme/requests/abc-1/tensors/cue-extractor.bin");
        assertThat(ObjectKeys.result("default", "abc-1")).isEqualTo("tenants/default/requests/abc-1/edited.png");
        assertThat(ObjectKeys.resultNoChange("default", "abc-1")).isEqualTo("tenants/default/requests/abc-1/no-change.png");
    }

    @Test
    void theSameTenantRequestAndStageAlwaysGiveTheSameKey() {
        assertThat(ObjectKeys.tensor("t", "r-9", "reasoner")).isEqualTo(ObjectKeys.tensor("t", "r-9", "reasoner"))
                .isNotEqualTo(ObjectKeys.tensor("t", "r-9", "enhancer"))
                .isNotEqualTo(ObjectKeys.tensor("t", "r-10", "reasoner"))
                .isNotEqualTo(ObjectKeys.tensor("u", "r-9", "reasoner"));
    }

    @Test
    void everyKeyOfARequestIsUnderItsTenantsPrefix() {
        for (String key : new String[] {ObjectKeys.source("acme", "r", "png"), ObjectKeys.tensor("acme", "r", "reasoner"),
                ObjectKeys.result("acme", "r"), ObjectKeys.reference("acme", "r", "png")}) {
            assertThat(TenantPrefix.violation("acme", "s3://b/" + key)).as(key).isEmpty();
            assertThat(TenantPrefix.violation("other", "s3://b/" + key)).as(key).isPresent();
        }
    }

    @Test
    void idsThatCouldEscapeTheirFolderAreRefused() {
        assertThatThrownBy(() -> ObjectKeys.result("t", "../etc")).hasMessageContaining("not a valid id");
        assertThatThrownBy(() -> ObjectKeys.source("t", "a/b", "png")).hasMessageContaining("not a valid id");
        assertThatThrownBy(() -> ObjectKeys.result("t", "")).hasMessageContaining("not a valid id");
        assertThatThrownBy(() -> ObjectKeys.result("t", null)).hasMessageContaining("not a valid id");
        assertThatThrownBy(() -> ObjectKeys.tensor("t", "ok", "..")).hasMessageContaining("not a valid id");
    }

    @Test
    void tenantsThatCouldEscapeTheirFolderAreRefused() {
        assertThatThrownBy(() -> ObjectKeys.result("..", "r")).hasMessageContaining("not a valid tenant");
        assertThatThrownBy(() -> ObjectKeys.result("a/b", "r")).hasMessageContaining("not a valid tenant");
        assertThatThrownBy(() -> ObjectKeys.result("", "r")).hasMessageContaining("not a valid tenant");
        assertThatThrownBy(() -> ObjectKeys.result(null, "r")).hasMessageContaining("not a valid tenant");
    }
}
