package io.editstream.benchmark;

import io.editstream.events.BenchmarkTag;
import io.editstream.events.EditScored;
import io.editstream.events.RatingSubmitted;
import io.vertx.core.json.JsonObject;
import java.util.TreeMap;

/**
 * One benchmark request as the aggregation keeps it: its item, task, category, variant, model tag and
 * seed, what was asked, the scores next to the copy baseline, and the human ratings it received. Scored
 * events and ratings become small deltas ({@link #delta}) folded in arrival order ({@link #apply}); a
 * replayed event writes the same values again and a rater's later rating replaces the earlier one, so the
 * fold is idempotent. Entries are stored under {@code run/requestId} ({@link #key}).
 */
public final class BenchmarkEntries {
    private BenchmarkEntries() {
    }

    public static String key(String run, String requestId) {
        return run + "/" + requestId;
    }

    /** The delta of a scored edit, or null when the request is not part of a benchmark run. */
    public static JsonObject delta(EditScored e) {
        BenchmarkTag tag = e.getContext().getBenchmark();
        if (tag == null) {
            return null;
        }
        JsonObject d = new JsonObject().put("type", "scored").put("run", tag.getRun()).put("requestId", e.getRequestId())
                .put("tenant", e.getTenant())
                .put("item", tag.getItem()).put("task", tag.getTask()).put("category", tag.getCategory())
                .put("variant", tag.getVariant()).put("modelTag", tag.getModelTag())
                .put("seed", e.getContext().getOptions().getSeed())
                .put("instruction", e.getContext().getInstruction())
                .put("targetText", tag.getTargetText())
                .put("explicitInstruction", e.getExplicitInstruction())
                .put("reasoningType", e.getReasoningType().name())
                .put("source", e.getContext().getSource().getUri())
                .put("output", e.getOutput().getUri())
                .put("scores", new JsonObject(new TreeMap<>(e.getScores())))
                .put("copyBaseline", new JsonObject(new TreeMap<>(e.getCopyBaseline())));
        if (e.getContext().getReference() != null) {
            d.put("reference", e.getContext().getReference().getUri());
        }
        return d;
    }

    public static JsonObject delta(RatingSubmitted r) {
        return new JsonObject().put("type", "rating").put("run", r.getRun()).put("requestId", r.getRequestId())
                .put("rater", r.getRater()).put("score", r.getScore()).put("versus", r.getVersusRequestId());
    }

    /** The entry after {@code delta}; {@code entry} is null for a request not seen before. */
    public static JsonObject apply(JsonObject entry, JsonObject delta) {
        JsonObject next = entry == null
                ? new JsonObject().put("run", delta.getString("run")).put("requestId", delta.getString("requestId"))
                        .put("ratings", new JsonObject()).put("comparisons", new JsonObject())
                : entry.copy();
        if ("rating".equals(delta.getString("type"))) {
            String versus = delta.getString("versus");
            if (versus == null) {
                next.getJsonObject("ratings").put(delta.getString("rater"), delta.getInteger("score"));
            } else {
                next.getJsonObject("comparisons").put(delta.getString("rater"),
                        new JsonObject().put("versus", versus).put("score", delta.getInteger("score")));
            }
            return next;
        }
        for (String field : delta.fieldNames()) {
            if (!field.equals("type")) {
                next.put(field, delta.getValue(field));
            }
        }
        return next;
    }
}
