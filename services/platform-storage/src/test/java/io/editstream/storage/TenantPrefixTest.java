package io.editstream.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.events.EditOptions;
import io.editstream.events.EditRequested;
import io.editstream.events.ImageRef;
import io.editstream.events.RequestContext;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A URI is a tenant's only when it is an s3 key under tenants/{tenant}/ with no path tricks. */
class TenantPrefixTest {
    @Test
    void aKeyUnderTheTenantsPrefixIsTheirs() {
        assertThat(TenantPrefix.of("acme")).isEqualTo("tenants/acme/");
        assertThat(TenantPrefix.violation("acme", "s3://bucket/tenants/acme/requests/r/source.png")).isEmpty();
    }

    @Test
    void anotherTenantsKeyOrAnUnprefixedOneIsNot() {
        assertThat(TenantPrefix.violation("acme", "s3://bucket/tenants/globex/requests/r/source.png")).get(STRING)
                .contains("s3://bucket/tenants/globex/requests/r/source.png").contains("'acme'").contains("tenants/acme/");
        assertThat(TenantPrefix.violation("acme", "s3://bucket/requests/r/source.png")).isPresent();
        // a tenant whose name merely starts like another's
        assertThat(TenantPrefix.violation("acme", "s3://bucket/tenants/acme2/requests/r/source.png")).isPresent();
    }

    @Test
    void pathTricksAndOtherSchemesAreRefused() {
        assertThat(TenantPrefix.violation("acme", "s3://bucket/tenants/acme/../globex/requests/r/source.png")).isPresent();
        assertThat(TenantPrefix.violation("acme", "s3://bucket/tenants/acme//x.png")).isPresent();
        assertThat(TenantPrefix.violation("acme", "s3://bucket/tenants/acme/./x.png")).isPresent();
        assertThat(TenantPrefix.violation("acme", "file:///tenants/acme/x.png")).isPresent();
        assertThat(TenantPrefix.violation("acme", "s3://tenants/acme/x.png")).as("the bucket is not the key").isPresent();
        assertThat(TenantPrefix.violation("acme", null)).isPresent();
    }

    @Test
    void anInvalidTenantOwnsNothing() {
        assertThat(TenantPrefix.violation("..", "s3://b/tenants/../x.png")).get(STRING).contains("not a valid tenant");
        assertThat(TenantPrefix.violation("", "s3://b/tenants//x.png")).isPresent();
    }

    @Test
    void anEventIsCheckedOnEveryUriItNamesAgainstItsOwnTenant() {
        EditRequested ok = request("acme", "s3://b/tenants/acme/requests/r/source.png", null);
        assertThat(TenantPrefix.outside(ok)).isEmpty();

        EditRequested foreignReference = request("acme", "s3://b/tenants/acme/requests/r/source.png",
                "s3://b/tenants/globex/requests/r/reference.png");
        assertThat(TenantPrefix.outside(foreignReference)).get(STRING).startsWith("context.reference ")
                .contains("s3://b/tenants/globex/requests/r/reference.png").contains("'acme'");

        EditRequested foreignSource = request("globex", "s3://b/tenants/acme/requests/r/source.png", null);
        assertThat(TenantPrefix.outside(foreignSource)).get(STRING).startsWith("context.source ").contains("'globex'");
    }

    @Test
    void eventUrisFindsNestedAndOptionalRefs() {
        EditRequested event = request("acme", "s3://b/s.png", "s3://b/r.png");
        assertThat(EventUris.of(event)).containsExactly(java.util.Map.entry("context.source", "s3://b/s.png"),
                java.util.Map.entry("context.reference", "s3://b/r.png"));
        assertThat(EventUris.of(request("acme", "s3://b/s.png", null))).containsOnlyKeys("context.source");
    }

    private static final org.assertj.core.api.InstanceOfAssertFactory<String, org.assertj.core.api.AbstractStringAssert<?>> STRING =
            org.assertj.core.api.InstanceOfAssertFactories.STRING;

    private static EditRequested request(String tenant, String source, String reference) {
        RequestContext context = RequestContext.newBuilder().setSource(image(source))
                .setReference(reference == null ? null : image(reference)).setInstruction("x")
                .setOptions(EditOptions.newBuilder().build()).setSubmittedAt(Instant.EPOCH).build();
        return EditRequested.newBuilder().setEventId("e").setRequestId("r").setTenant(tenant).setOccurredAt(Instant.EPOCH)
                .setContext(context).build();
    }

    private static ImageRef image(String uri) {
        return ImageRef.newBuilder().setUri(uri).setSha256("0").setSizeBytes(1).setWidth(1).setHeight(1).build();
    }
}
