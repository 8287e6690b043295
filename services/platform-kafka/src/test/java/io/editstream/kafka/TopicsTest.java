package io.editstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The topic registry keeps the naming rule {@code <service>.<entity>.<event>}, one writer per topic, and a complete {@code all()}. */
class TopicsTest {
    private static final Pattern EVENT_TOPIC = Pattern.compile("[a-z][a-z-]*\\.[a-z]+\\.[a-z]+");

    private static final List<Topic<?>> EVENT_TOPICS = List.of(Topics.EDIT_REQUESTED, Topics.GUIDANCE_PRODUCED,
            Topics.CUES_EXTRACTED, Topics.CONDITIONING_PRODUCED, Topics.IMAGE_RENDERED, Topics.EDIT_SCORED, Topics.RATING_SUBMITTED);

    @Test
    void eventTopicsAreNamedOwnerEntityEvent() {
        for (Topic<?> topic : EVENT_TOPICS) {
            assertThat(topic.name()).matches(EVENT_TOPIC);
            String owner = topic.name().substring(0, topic.name().indexOf('.'));
            assertThat(Topics.STAGES).contains(owner);
        }
        assertThat(Topics.failed(Topics.REASONER).name()).isEqualTo("reasoner.edit.failed").matches(EVENT_TOPIC);
        assertThat(Topics.deadLetter(Topics.RENDERER)).isEqualTo("diffusion-renderer.dlq");
    }

    @Test
    void eachEventTopicHasOneWritingServiceAndItsOwnEventType() {
        // The owner is the name's first segment, so each topic has exactly one writing service; only the
        // gateway writes two (edit requests and human ratings), each with its own event type.
        Map<String, Long> writersPerOwner = EVENT_TOPICS.stream()
                .collect(Collectors.groupingBy(t -> t.name().substring(0, t.name().indexOf('.')), Collectors.counting()));
        writersPerOwner.forEach((owner, n) -> assertThat(n).as(owner).isEqualTo(owner.equals(Topics.GATEWAY) ? 2L : 1L));
        assertThat(EVENT_TOPICS.stream().map(Topic::type).distinct()).hasSize(EVENT_TOPICS.size());
        assertThat(EVENT_TOPICS.stream().map(Topic::name).distinct()).hasSize(EVENT_TOPICS.size());
    }

    @Test
    void allListsEveryEventFailedAndDeadLetterTopicOnce() {
        List<String> all = Topics.all();
        assertThat(all).doesNotHaveDuplicates();
        for (Topic<?> topic : EVENT_TOPICS) {
            assertThat(all).contains(topic.name());
        }
        for (String stage : Topics.STAGES) {
            assertThat(all).contains(Topics.failed(stage).name(), Topics.deadLetter(stage));
        }
        assertThat(all).hasSize(EVENT_TOPICS.size() + 2 * Topics.STAGES.size());
    }

    @Test
    void serdeMatchesTheTopicType() {
        var event = TestEvents.request("r9", "add a hat");
        assertThat(Topics.EDIT_REQUESTED.serde().decode(Topics.EDIT_REQUESTED.serde().encode(event))).isEqualTo(event);
    }
}
