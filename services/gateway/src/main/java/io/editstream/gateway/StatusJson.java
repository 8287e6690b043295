package io.editstream.gateway;

import io.editstream.events.EditFailure;
import io.editstream.events.EditStatus;
import io.editstream.events.StageProgress;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON face of an {@link EditStatus}, as {@code GET /v1/edits/{id}} and the {@code status} server-sent events
 * show it (the web page and {@code local}'s progress bars read it): {@code id}, {@code state}, what the events said
 * (fields appear once an event has said them), {@code stages} by name, {@code failure}, and {@code links}.
 */
public final class StatusJson {
    private StatusJson() {
    }

    public static JsonObject render(EditStatus s) {
        String id = s.getRequestId();
        JsonObject json = new JsonObject().put("id", id).put("state", s.getState().name());
        put(json, "tenant", s.getTenant());
        put(json, "traceId", s.getTraceId());
        put(json, "requestedAt", text(s.getRequestedAt()));
        put(json, "instruction", s.getInstruction());
        put(json, "source", s.getSource());
        put(json, "submittedAt", text(s.getSubmittedAt()));
        put(json, "options", s.getOptions() == null ? null : new JsonObject(s.getOptions().toString()));
        put(json, "reference", s.getReference());
        put(json, "explicitInstruction", s.getExplicitInstruction());
        put(json, "reasoningType", s.getReasoningType() == null ? null : s.getReasoningType().name());
        put(json, "reasoningConfidence", s.getReasoningConfidence());
        put(json, "textCues", s.getTextCues() == null ? null : new JsonArray(s.getTextCues()));
        put(json, "regions", s.getRegions());
        put(json, "fusionMode", s.getFusionMode() == null ? null : s.getFusionMode().name());
        put(json, "output", s.getOutput());
        put(json, "sampler", s.getSampler());
        put(json, "scores", sorted(s.getScores()));
        put(json, "copyBaseline", sorted(s.getCopyBaseline()));
        put(json, "failure", s.getFailure() == null ? null : failure(s.getFailure()));
        JsonObject stages = new JsonObject();
        new TreeMap<>(s.getStages()).forEach((name, stage) -> stages.put(name, stage(stage)));
        return json.put("stages", stages).put("links", new JsonObject().put("self", "/v1/edits/" + id)
                .put("image", "/v1/edits/" + id + "/image").put("source", "/v1/edits/" + id + "/source")
                .put("events", "/v1/edits/" + id + "/events"));
    }

    private static JsonObject stage(StageProgress p) {
        JsonObject stage = new JsonObject().put("stage", p.getStage()).put("at", text(p.getAt()))
                .put("receivedAt", text(p.getReceivedAt())).put("processingMs", p.getProcessingMs())
                .put("modelMs", p.getModelMs()).put("ioMs", p.getIoMs());
        put(stage, "model", p.getModel());
        return stage.put("done", true);
    }

    private static JsonObject failure(EditFailure f) {
        return new JsonObject().put("stage", f.getStage()).put("reason", f.getReason()).put("errorClass", f.getErrorClass())
                .put("at", text(f.getAt()));
    }

    private static JsonObject sorted(Map<String, Double> values) {
        return values == null ? null : new JsonObject(new TreeMap<String, Object>(values));
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }

    private static void put(JsonObject json, String key, Object value) {
        if (value != null) {
            json.put(key, value);
        }
    }
}
