package io.editstream.enhancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** The shipped defaults file read into settings, and the Streams properties derived from them. */
class EnhancerConfigTest {

    /** {@code enhancer.json} from the classpath, as ServiceConfigLoader reads it first. */
    static JsonObject shippedDefaults() throws IOException {
        try (InputStream in = EnhancerConfigTest.class.getResourceAsStream("/enhancer.json")) {
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void theShippedDefaults() throws IOException {
        EnhancerConfig config = EnhancerConfig.from(shippedDefaults());
        assertThat(config.joinWindow()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.sweepInterval()).isEqualTo(Duration.ofSeconds(6));
        assertThat(config.fusionAttempts()).isEqualTo(3);
        assertThat(config.fusionBackoff()).isEqualTo(Duration.ofMillis(200));
        assertThat(config.applicationId()).isEqualTo("enhancer");
        assertThat(config.stage().bundle().getFileName().toString()).as("empty model.bundle = the bundled enhancer").isEqualTo("enhancer");
        assertThat(config.stage().bundle().resolve("fusion.onnx")).exists();

        Properties props = EnhancerTopology.streamsProperties(config);
        assertThat(props.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("enhancer");
        assertThat(props.getProperty(StreamsConfig.STATE_DIR_CONFIG)).isEqualTo(config.stateDir().toString());
        assertThat(props.getProperty(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG))
                .as("undecodable inputs are the join processor's to dead-letter").isNull();
    }

    @Test
    void aShortWindowIsSweptEvery100MsAndAnEmptyOneIsRefused() throws IOException {
        EnhancerConfig shortWindow = EnhancerConfig.from(shippedDefaults().put("join", new JsonObject().put("windowMs", 500)));
        assertThat(shortWindow.sweepInterval()).isEqualTo(Duration.ofMillis(100));
        EnhancerConfig threeSeconds = EnhancerConfig.from(shippedDefaults().put("join", new JsonObject().put("windowMs", 3000)));
        assertThat(threeSeconds.sweepInterval()).isEqualTo(Duration.ofMillis(300));

        JsonObject zero = shippedDefaults().put("join", new JsonObject().put("windowMs", 0));
        assertThatThrownBy(() -> EnhancerConfig.from(zero)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("join.windowMs");
        JsonObject badMode = shippedDefaults().put("fusion", new JsonObject().put("mode", "mean"));
        assertThatThrownBy(() -> EnhancerConfig.from(badMode)).hasMessageContaining("fusion.mode must be auto, learned or text_encoder");
        JsonObject noAttempts = shippedDefaults().put("fusion", new JsonObject().put("maxAttempts", 0));
        assertThatThrownBy(() -> EnhancerConfig.from(noAttempts)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fusion.maxAttempts");
    }

    @Test
    void autoModePairsTheOpenAiReasonerBackendWithTheTextEncoder() throws IOException {
        EnhancerConfig plain = EnhancerConfig.from(shippedDefaults());
        assertThat(plain.fusionMode()).as("auto without the openai backend").isEqualTo(EnhancerConfig.LEARNED);
        assertThat(plain.pairedWithOpenAiReasoner()).isFalse();

        JsonObject openai = new JsonObject().put("openai", new JsonObject().put("url", "http://vlm:8000/v1"));
        EnhancerConfig paired = EnhancerConfig.from(shippedDefaults().put("reasoner", openai));
        assertThat(paired.fusionMode()).isEqualTo(EnhancerConfig.TEXT_ENCODER);
        assertThat(paired.pairedWithOpenAiReasoner()).isTrue();

        JsonObject learned = shippedDefaults().put("reasoner", openai.copy());
        learned.getJsonObject("fusion").put("mode", "learned");
        assertThatThrownBy(() -> EnhancerConfig.from(learned)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("guidance tokens").hasMessageContaining("REASONER_OPENAI_URL");

        JsonObject explicitText = shippedDefaults();
        explicitText.getJsonObject("fusion").put("mode", "text_encoder");
        assertThat(EnhancerConfig.from(explicitText).pairedWithOpenAiReasoner()).as("text encoder chosen, not paired").isFalse();
    }
}
