package io.editstream.enhancer;

import io.editstream.events.CuesExtracted;
import io.editstream.events.GuidanceProduced;
import io.editstream.kafka.RejectedInputException;
import io.editstream.storage.TenantPrefix;
import org.apache.avro.generic.IndexedRecord;

/**
 * The enhancer's side of the stages' tenant check (it joins on Kafka Streams, not the stage loop): a half naming
 * a tensor or image outside its tenant's prefix is rejected before any tensor is read, which dead-letters the
 * pair and fails the request with the reason.
 */
record TenantScopedFuser(Fuser fuser) implements Fuser {
    @Override
    public Fused fuse(GuidanceProduced guidance, CuesExtracted cues) {
        if (!guidance.getTenant().equals(cues.getTenant())) {
            // two halves of one request from different tenants: one of them was forged
            throw new RejectedInputException("refused: guidance of tenant '" + guidance.getTenant() + "' and cues of tenant '"
                    + cues.getTenant() + "' for one request");
        }
        refuseOutside(guidance);
        refuseOutside(cues);
        return fuser.fuse(guidance, cues);
    }

    private static void refuseOutside(IndexedRecord half) {
        TenantPrefix.outside(half).ifPresent(why -> {
            throw new RejectedInputException("refused: " + why);
        });
    }
}
