package io.editstream.gateway;

import io.editstream.events.ConditioningProduced;
import io.editstream.events.CuesExtracted;
import io.editstream.events.EditFailed;
import io.editstream.events.EditFailure;
import io.editstream.events.EditRequested;
import io.editstream.events.EditScored;
import io.editstream.events.EditState;
import io.editstream.events.EditStatus;
import io.editstream.events.GuidanceProduced;
import io.editstream.events.ImageRendered;
import io.editstream.events.RequestContext;
import io.editstream.events.StageInfo;
import io.editstream.events.StageProgress;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Folds the pipeline's events into one {@link EditStatus} per request. Each event first becomes a delta
 * ({@link #delta}): a partial status holding what the event says, with the state it implies. Deltas are applied in
 * arrival order ({@link #apply}), which may differ from the pipeline order because every stage writes its own topic.
 * The state only moves forward (QUEUED → RUNNING → RENDERED → SCORED) and the first terminal state (SCORED or FAILED)
 * wins; after it a late event may fill in what is missing, never rewrite the outcome.
 */
public final class StatusFolder {
    /** Fields {@link #apply} merges by its own rules rather than "the delta's value, if set". */
    private static final Set<String> MERGED_APART = Set.of("requestId", "state", "revision", "stages");

    private StatusFolder() {
    }

    public static boolean terminal(EditState state) {
        return state == EditState.SCORED || state == EditState.FAILED;
    }

    /** What one event says about its request. */
    public static EditStatus delta(SpecificRecord event) {
        if (event instanceof EditRequested e) {
            return context(EditStatus.newBuilder().setRequestId(e.getRequestId()).setState(EditState.QUEUED)
                    .setTenant(e.getTenant()).setRequestedAt(e.getOccurredAt()), e.getContext()).build();
        }
        if (event instanceof GuidanceProduced e) {
            return stage(e.getRequestId(), EditState.RUNNING, e.getStage(), e.getOccurredAt(), e.getContext())
                    .setExplicitInstruction(e.getExplicitInstruction()).setReasoningType(e.getReasoningType())
                    .setReasoningConfidence((double) e.getReasoningConfidence()).build();
        }
        if (event instanceof CuesExtracted e) {
            return stage(e.getRequestId(), EditState.RUNNING, e.getStage(), e.getOccurredAt(), e.getContext())
                    .setTextCues(e.getTextCues()).setRegions(e.getRegions().size()).build();
        }
        if (event instanceof ConditioningProduced e) {
            return stage(e.getRequestId(), EditState.RUNNING, e.getStage(), e.getOccurredAt(), e.getContext())
                    .setFusionMode(e.getMode()).build();
        }
        if (event instanceof ImageRendered e) {
            return stage(e.getRequestId(), EditState.RENDERED, e.getStage(), e.getOccurredAt(), e.getContext())
                    .setOutput(e.getOutput().getUri()).setSampler(e.getSampler()).build();
        }
        if (event instanceof EditScored e) {
            return stage(e.getRequestId(), EditState.SCORED, e.getStage(), e.getOccurredAt(), e.getContext())
                    .setScores(new HashMap<>(e.getScores())).setCopyBaseline(new HashMap<>(e.getCopyBaseline())).build();
        }
        if (event instanceof EditFailed e) {
            return EditStatus.newBuilder().setRequestId(e.getRequestId()).setState(EditState.FAILED)
                    .setFailure(new EditFailure(e.getStage(), e.getReason(), e.getErrorClass(), e.getOccurredAt())).build();
        }
        throw new IllegalArgumentException("no status for " + event.getClass().getSimpleName());
    }

    /** The status after {@code delta}; {@code status} is null for a request not seen before. */
    public static EditStatus apply(String requestId, EditStatus status, EditStatus delta) {
        boolean terminal = status != null && terminal(status.getState());
        if (terminal && delta.getState() == EditState.FAILED) {
            return status;   // a failure reported after the request ended changes nothing
        }
        EditStatus next = status == null ? EditStatus.newBuilder().setRequestId(requestId).build() : EditStatus.newBuilder(status).build();
        for (Schema.Field field : EditStatus.getClassSchema().getFields()) {
            Object value = delta.get(field.pos());
            if (!MERGED_APART.contains(field.name()) && value != null && (!terminal || next.get(field.pos()) == null)) {
                next.put(field.pos(), value);
            }
        }
        Map<String, StageProgress> stages = new HashMap<>(next.getStages());
        stages.putAll(delta.getStages());
        next.setStages(stages);
        if (!terminal && delta.getState().ordinal() > next.getState().ordinal()) {
            next.setState(delta.getState());
        }
        if (!next.equals(status)) {
            next.setRevision(next.getRevision() + 1);
        }
        return next;
    }

    /** A stage's delta: when it finished, how long it held the request, and how much of that was model and I/O. */
    private static EditStatus.Builder stage(String requestId, EditState state, StageInfo info, Instant finishedAt, RequestContext context) {
        long processingMs = Math.max(0, finishedAt.toEpochMilli() - info.getReceivedAt().toEpochMilli());
        String model = info.getModelId().isEmpty() ? null
                : info.getModelId() + (info.getModelVersion().isEmpty() ? "" : "@" + info.getModelVersion());
        StageProgress progress = new StageProgress(info.getStage(), finishedAt, info.getReceivedAt(), processingMs,
                info.getModelMicros() / 1000.0, info.getIoMicros() / 1000.0, model);
        return context(EditStatus.newBuilder().setRequestId(requestId).setState(state)
                .setStages(new HashMap<>(Map.of(info.getStage(), progress))), context);
    }

    private static EditStatus.Builder context(EditStatus.Builder delta, RequestContext context) {
        return delta.setInstruction(context.getInstruction()).setSource(context.getSource().getUri())
                .setSubmittedAt(context.getSubmittedAt()).setOptions(context.getOptions())
                .setReference(context.getReference() == null ? null : context.getReference().getUri());
    }
}
