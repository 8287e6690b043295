package io.editstream.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.editstream.events.RatingSubmitted;
import io.editstream.service.ValidationException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Ratings take only AURORA's 0 / 50 / 100, a run, a request and a rater; a repeat is the same event. */
class RatingParserTest {
    private static JsonObject body(Object score) {
        return new JsonObject().put("run", "bench-1").put("requestId", "3f2a").put("rater", "Ann K.").put("score", score);
    }

    @Test
    void aValidRatingBecomesAnEventWithAStableId() {
        RatingSubmitted r = RatingParser.parse(body(50));
        assertThat(r.getRun()).isEqualTo("bench-1");
        assertThat(r.getRequestId()).isEqualTo("3f2a");
        assertThat(r.getRater()).isEqualTo("Ann K.");
        assertThat(r.getScore()).isEqualTo(50);
        assertThat(r.getVersusRequestId()).isNull();
        assertThat(RatingParser.parse(body(100)).getEventId()).isEqualTo(r.getEventId());
        assertThat(RatingParser.parse(body(50).put("versus", "9b1c")).getVersusRequestId()).isEqualTo("9b1c");
    }

    @Test
    void otherScoresAndMissingFieldsAreRefused() {
        for (Object bad : new Object[] {25, 101, -50, "50", 50.5, null}) {
            assertThatThrownBy(() -> RatingParser.parse(body(bad))).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("0, 50 or 100");
        }
        assertThatThrownBy(() -> RatingParser.parse(body(0).put("run", "a/b"))).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> RatingParser.parse(body(0).put("rater", "<script>"))).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> RatingParser.parse(body(0).put("versus", "3f2a"))).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> RatingParser.parse(null)).isInstanceOf(ValidationException.class);
    }
}
