package io.editstream.stage;

import io.editstream.kafka.RejectedInputException;
import io.editstream.kafka.StageHandler;
import io.editstream.storage.TenantPrefix;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * Runs before every stage handler: an input naming an image or tensor outside its tenant's prefix (a producer
 * writing straight to Kafka, pointing at another tenant's objects) is rejected before anything is read, which
 * dead-letters it with the reason and fails the request. Retrying could never make it the tenant's.
 */
final class TenantScopedHandler<I extends SpecificRecord, O extends SpecificRecord> implements StageHandler<I, O> {
    private final StageHandler<I, O> handler;

    TenantScopedHandler(StageHandler<I, O> handler) {
        this.handler = handler;
    }

    @Override
    public O handle(I input, RecordMeta meta) throws Exception {
        Optional<String> outside = TenantPrefix.outside(input);
        if (outside.isPresent()) {
            throw new RejectedInputException("refused: " + outside.get());
        }
        return handler.handle(input, meta);
    }
}
