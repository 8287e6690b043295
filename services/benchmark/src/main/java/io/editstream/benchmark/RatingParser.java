package io.editstream.benchmark;

import io.editstream.events.RatingSubmitted;
import io.editstream.service.ValidationException;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Turns a rating posted by the rating page ({@code {"run", "requestId", "rater", "score", "versus"?}})
 * into a {@code RatingSubmitted}, refusing anything else: AURORA's human judgement takes only 0, 50 or 100
 * (for a side-by-side pair: 100 = A better, 0 = B better, 50 = draw). The event id is derived from run,
 * request(s) and rater, so a rater's repeated click is the same event and their new answer replaces the old.
 */
public final class RatingParser {
    static final Set<Integer> SCORES = Set.of(0, 50, 100);
    /** What a benchmark run may be called (the gateway checks a request's benchmarkRun against it too). */
    public static final Pattern RUN = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,100}");
    private static final Pattern RATER = Pattern.compile("[\\p{L}\\p{N} _.@-]{1,64}");

    private RatingParser() {
    }

    public static RatingSubmitted parse(JsonObject body) {
        if (body == null) {
            throw ValidationException.badRequest("invalid_rating", "send a JSON object {run, requestId, rater, score}");
        }
        String run = matching(body, "run", RUN);
        String requestId = matching(body, "requestId", ID);
        String rater = matching(body, "rater", RATER).trim();
        Object score = body.getValue("score");
        if (!(score instanceof Number n) || n.doubleValue() != n.intValue() || !SCORES.contains(n.intValue())) {
            throw ValidationException.badRequest("invalid_rating", "score must be 0, 50 or 100, got " + score);
        }
        String versus = body.getValue("versus") == null ? null : matching(body, "versus", ID);
        if (requestId.equals(versus)) {
            throw ValidationException.badRequest("invalid_rating", "an edit cannot be compared with itself");
        }
        String identity = run + "/" + requestId + "/" + (versus == null ? "" : versus) + "/" + rater;
        return RatingSubmitted.newBuilder()
                .setEventId(UUID.nameUUIDFromBytes(identity.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString())
                .setRequestId(requestId).setOccurredAt(Instant.now()).setRun(run).setRater(rater)
                .setScore(((Number) score).intValue()).setVersusRequestId(versus).build();
    }

    private static String matching(JsonObject body, String field, Pattern pattern) {
        Object value = body.getValue(field);
        if (!(value instanceof String s) || !pattern.matcher(s).matches()) {
            throw ValidationException.badRequest("invalid_rating", field + " must match " + pattern.pattern() + ", got " + value);
        }
        return s;
    }
}
