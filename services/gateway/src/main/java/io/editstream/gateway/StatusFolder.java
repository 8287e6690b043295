package io.editstream.gateway;

import io.editstream.events.ConditioningProduced;
import io.editstream.events.CuesExtracted;
import io.editstream.events.EditFailed;
import io.editstream.events.EditRequested;
import io.editstream.events.EditScored;
import io.editstream.events.GuidanceProduced;
import io.editstream.events.ImageRendered;
import io.editstream.events.RequestContext;
import io.editstream.events.StageInfo;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;

/**
 * Folds the pipeline's events into one status document per request. Each event first becomes a small
 * delta ({@link #delta}); deltas are applied in arrival order ({@link #apply}), which may differ from the
 * pipeline order because every stage writes its own topic. The state only moves forward
 * (QUEUED → RUNNING → RENDERED → SCORED) and the first terminal state (SCORED or FAILED) wins.
 */
public final class StatusFolder {
    public static final String QUEUED = "QUEUED";
    public static final String RUNNING = "RUNNING";
    public static final String RENDERED = "RENDERED";
    public static final String SCORED = "SCORED";
    public static final String FAILED = "FAILED";

    private StatusFolder() {
    }

    /** What one event says about its request. */
    public static JsonObject delta(SpecificRecord event) {
        if (event instanceof EditRequested e) {
            return context(new JsonObject().put("event", "requested").put("tenant", e.getTenant())
                    .put("requestedAt", e.getOccurredAt().toString()), e.getContext());
        }
        if (event instanceof GuidanceProduced e) {
            return stage(e.getStage(), e.getOccurredAt(), e.getContext()).put("explicitInstruction", e.getExplicitInstruction())
                    .put("reasoningType", e.getReasoningType().name()).put("reasoningConfidence", (double) e.getReasoningConfidence());
        }
        if (event instanceof CuesExtracted e) {
            return stage(e.getStage(), e.getOccurredAt(), e.getContext()).put("textCues", e.getTextCues()).put("regions", e.getRegions().size());
        }
        if (event instanceof ConditioningProduced e) {
            return stage(e.getStage(), e.getOccurredAt(), e.getContext()).put("fusionMode", e.getMode().name());
        }
        if (event instanceof ImageRendered e) {
            return stage(e.getStage(), e.getOccurredAt(), e.getContext()).put("event", "rendered").put("output", e.getOutput().getUri())
                    .put("sampler", e.getSampler());
        }
        if (event instanceof EditScored e) {
            return stage(e.getStage(), e.getOccurredAt(), e.getContext()).put("event", "scored").put("scores", new JsonObject(new java.util.TreeMap<>(e.getScores())))
                    .put("copyBaseline", new JsonObject(new java.util.TreeMap<>(e.getCopyBaseline())));
        }
        if (event instanceof EditFailed e) {
            return new JsonObject().put("event", "failed").put("failure", new JsonObject().put("stage", e.getStage())
                    .put("reason", e.getReason()).put("errorClass", e.getErrorClass()).put("at", e.getOccurredAt().toString()));
        }
        throw new IllegalArgumentException("no status for " + event.getClass().getSimpleName());
    }

    /** The status after {@code delta}; {@code status} is null for a request not seen before. */
    public static JsonObject apply(String requestId, JsonObject status, JsonObject delta) {
        JsonObject next = status == null ? new JsonObject().put("id", requestId).put("stages", new JsonObject()) : status.copy();
        String state = next.getString("state");
        boolean terminal = SCORED.equals(state) || FAILED.equals(state);
        String event = delta.getString("event");
        if (terminal && "failed".equals(event)) {
            return next;   // a failure reported after the request ended changes nothing
        }
        for (String key : delta.fieldNames()) {
            if (key.equals("event") || key.equals("stageInfo")) {
                continue;
            }
            // a late event after the end may fill in what is missing, never rewrite the outcome
            if (!terminal || !next.containsKey(key)) {
                next.put(key, delta.getValue(key));
            }
        }
        JsonObject stageInfo = delta.getJsonObject("stageInfo");
        if (stageInfo != null) {
            next.getJsonObject("stages").put(stageInfo.getString("stage"), stageInfo.copy().put("done", true));
        }
        if (!terminal) {
            next.put("state", switch (event) {
                case "failed" -> FAILED;
                case "scored" -> SCORED;
                case "rendered" -> RENDERED;
                case "stage" -> state == null || QUEUED.equals(state) ? RUNNING : state;
                default -> state == null ? QUEUED : state;
            });
        }
        return next;
    }

    /** A stage's record: when it finished, how long it held the request, and how much of that was model and I/O. */
    private static JsonObject stage(StageInfo info, Instant finishedAt, RequestContext context) {
        long processingMs = Math.max(0, finishedAt.toEpochMilli() - info.getReceivedAt().toEpochMilli());
        JsonObject stage = new JsonObject().put("stage", info.getStage()).put("at", finishedAt.toString())
                .put("receivedAt", info.getReceivedAt().toString()).put("processingMs", processingMs)
                .put("modelMs", info.getModelMicros() / 1000.0).put("ioMs", info.getIoMicros() / 1000.0);
        if (!info.getModelId().isEmpty()) {
            stage.put("model", info.getModelId() + (info.getModelVersion().isEmpty() ? "" : "@" + info.getModelVersion()));
        }
        return context(new JsonObject().put("event", "stage").put("stageInfo", stage), context);
    }

    private static JsonObject context(JsonObject delta, RequestContext context) {
        delta.put("instruction", context.getInstruction()).put("source", context.getSource().getUri())
                .put("submittedAt", context.getSubmittedAt().toString())
                .put("options", new JsonObject(context.getOptions().toString()));
        if (context.getReference() != null) {
            delta.put("reference", context.getReference().getUri());
        }
        return delta;
    }
}
