package io.editstream.benchmark;

import io.editstream.events.RatingSubmitted;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Whether a rating names edits that exist: its request (and the one it is compared with) must be scored entries of its run. */
final class RatingTargets {
    private RatingTargets() {
    }

    /** Why the rating cannot be taken, or null when both its edits are there. */
    static String missing(RatingSubmitted rating, List<JsonObject> entries) {
        for (String id : new String[] {rating.getRequestId(), rating.getVersusRequestId()}) {
            if (id != null && entries.stream().noneMatch(e -> id.equals(e.getString("requestId")) && e.containsKey("output"))) {
                return "run " + rating.getRun() + " has no scored edit " + id + " to rate";
            }
        }
        return null;
    }
}
