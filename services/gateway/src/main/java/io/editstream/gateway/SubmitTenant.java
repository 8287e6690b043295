package io.editstream.gateway;

import io.editstream.auth.Caller;
import io.editstream.auth.Tenants;
import io.editstream.service.ValidationException;
import java.util.Map;

/**
 * Whose edit a submission is. An authenticated caller's tenant is its credential's, never the form's: a {@code tenant}
 * field naming another tenant is refused (403), and the field is set to the credential's tenant, so everything after
 * (the event, the object keys, the quota) sees only that. An anonymous caller of an open gateway may name one, as
 * before authentication existed ("default" when it does not).
 */
final class SubmitTenant {
    private SubmitTenant() {
    }

    /** The submission's tenant; {@code fields} is updated to carry it. */
    static String resolve(Caller caller, Map<String, String> fields) {
        String given = fields.get("tenant");
        given = given == null || given.isBlank() ? null : given.strip();
        if (caller.tenant().isPresent()) {
            String own = caller.tenant().get();
            if (given != null && !given.equals(own)) {
                throw new ValidationException(403, "tenant_mismatch", "the tenant field says '" + given
                        + "' but the credential belongs to another tenant: leave the field out (the credential decides)");
            }
            fields.put("tenant", own);
            return own;
        }
        return given != null && Tenants.NAME.matcher(given).matches() ? given : Tenants.DEFAULT;
    }
}
