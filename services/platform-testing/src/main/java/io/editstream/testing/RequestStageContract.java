package io.editstream.testing;

import io.editstream.events.ImageRef;
import io.editstream.kafka.Topic;
import io.editstream.kafka.Topics;
import io.editstream.service.ServiceVerticle;
import io.editstream.storage.ObjectKeys;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;

/**
 * The stage contract for the stages that read the gateway's requests (reasoner, cue extractor): a valid
 * input is a request for a stored 64×64 scene, the broken ones name a source image that was never stored or one
 * of another tenant.
 */
public abstract class RequestStageContract<O extends SpecificRecord> extends StageContract<O> {
    private final String instruction;

    protected RequestStageContract(Supplier<? extends ServiceVerticle> factory, Topic<O> output,
                                   String instruction) {
        super(factory, Topics.EDIT_REQUESTED, output);
        this.instruction = instruction;
    }

    @Override
    protected void publishValid(String id) {
        TopicWriter.publish(kafka, Topics.EDIT_REQUESTED, id, request(id, storeScene(ObjectKeys.source("it", id, "png"), 1), instruction));
    }

    @Override
    protected String publishWithForeignObject(String id) {
        ImageRef foreign = storeScene(ObjectKeys.source(OTHER_TENANT, id, "png"), 1);
        TopicWriter.publish(kafka, Topics.EDIT_REQUESTED, id, request(id, foreign, instruction));
        return foreign.getUri();
    }

    @Override
    protected void publishWithMissingObject(String id) {
        TopicWriter.publish(kafka, Topics.EDIT_REQUESTED, id, request(id, absentImage(ObjectKeys.source("it", id, "png")), instruction));
    }
}
