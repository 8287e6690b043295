package io.editstream.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.events.RatingSubmitted;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A rating must name scored edits of its run: an unknown request, or one not scored yet, is refused with the reason. */
class RatingTargetsTest {
    private static final List<JsonObject> ENTRIES = List.of(
            new JsonObject().put("requestId", "a").put("output", "s3://b/results/a/edited.png"),
            new JsonObject().put("requestId", "b").put("output", "s3://b/results/b/edited.png"),
            new JsonObject().put("requestId", "pending"));

    private static RatingSubmitted rating(String id, String versus) {
        return RatingSubmitted.newBuilder().setEventId("e").setRequestId(id).setOccurredAt(Instant.EPOCH).setRun("r1")
                .setRater("ann").setScore(100).setVersusRequestId(versus).build();
    }

    @Test
    void scoredEditsOfTheRunMayBeRated() {
        assertThat(RatingTargets.missing(rating("a", null), ENTRIES)).isNull();
        assertThat(RatingTargets.missing(rating("a", "b"), ENTRIES)).isNull();
    }

    @Test
    void unknownOrUnscoredEditsAreNamed() {
        assertThat(RatingTargets.missing(rating("nope", null), ENTRIES)).isEqualTo("run r1 has no scored edit nope to rate");
        assertThat(RatingTargets.missing(rating("a", "pending"), ENTRIES)).contains("pending");
        assertThat(RatingTargets.missing(rating("a", null), List.of())).contains("a");
    }
}
