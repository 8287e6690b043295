package io.editstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.editstream.client.EditClient;
import io.editstream.testing.Closing;
import io.editstream.testing.StandInBodies;
import io.editstream.testing.StubChatServer;
import io.editstream.testing.StubChatServer.Reply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on {@code models/fixtures/full-size}, the folder laid out as a user's full-size models folder
 * (clip = the Hugging Face CLIP export, dino = DINOv2, sam = Segment Anything, enhancer and renderer = the
 * InstructPix2Pix Optimum export, and the folder's own {@code editstream.json}), with the reasoner on an
 * OpenAI-compatible VLM: an in-test HTTP server on localhost standing in for an external vLLM server answers with
 * vLLM's exact body. Through the real broker and S3: every demo sample is SCORED, each stage logs the model family it
 * loaded and names it in the events, and the explicit instruction in each result is the one the stand-in returned.
 */
class FullSizeModelsIT {
    private static final String[] SCENARIOS = {"PHYSICAL", "CAUSAL", "TEMPORAL", "STORY"};

    @TempDir
    static Path dataDir;
    static LocalStack stack;
    static StubChatServer vlm;
    static ModelsFolder fullSize;

    @BeforeAll
    static void start() throws Exception {
        fullSize = ModelsFolder.use("full-size");
        vlm = new StubChatServer().models(StandInBodies.VLLM_MODELS);
        // what REASONER_OPENAI_URL sets; the model is left to the server's list, as with the bare variable
        JsonObject reasoner = new JsonObject().put("reasoner", new JsonObject().put("openai", new JsonObject().put("url", vlm.url())));
        stack = LocalStack.start(StackOptions.embedded(dataDir, 0).withStageConfig(reasoner));
    }

    @AfterAll
    static void stop() {
        Closing.all(stack, vlm, fullSize);
    }

    /** The VLM's answer for the i-th sample: an explicit instruction no other model could have written. */
    private static String answer(int i, Samples.Sample sample) {
        return new JsonObject().put("explicit_instruction", "stand-in edit " + i + ": " + sample.explicitInstruction())
                .put("scenario", SCENARIOS[i % SCENARIOS.length]).put("objects", new JsonArray().add("green cube"))
                .put("rationale", "the stand-in's rationale " + i).encode();
    }

    @Test
    void everySampleIsScoredOnTheFullSizeLayoutWithTheVlmsExplicitInstruction() throws Exception {
        EditClient client = new EditClient(stack.gatewayUrl());
        List<Samples.Sample> samples = Samples.load(Samples.locate());
        assertThat(samples).hasSizeGreaterThanOrEqualTo(3);
        int regions = 0;
        List<String> explicit = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            Samples.Sample sample = samples.get(i);
            String expected = new JsonObject(answer(i, sample)).getString("explicit_instruction");
            explicit.add(expected);
            // one request at a time, so the i-th canned answer is the i-th request's
            vlm.reply(Reply.ok(StandInBodies.vllm(StandInBodies.quoted(answer(i, sample)), "stop")));
            EditClient.Submission s = client.submit(Files.readAllBytes(sample.image()), "scene.png", sample.instruction(),
                    Map.of("seed", "11", "steps", "8"), Files.readAllBytes(sample.target()));
            assertThat(s.status()).as(s.body().encode()).isEqualTo(202);
            JsonObject status = client.awaitTerminal(s.id(), Duration.ofMinutes(2), x -> { });

            assertThat(status.getString("state")).as(status.encode()).isEqualTo("SCORED");
            assertThat(status.getString("explicitInstruction")).isEqualTo(expected);
            assertThat(status.getString("reasoningType")).isEqualTo(SCENARIOS[i % SCENARIOS.length]);
            assertThat(status.getString("fusionMode")).as("the openai reasoner pairs the enhancer with its text encoder")
                    .isEqualTo("TEXT_ENCODER");
            JsonObject stages = status.getJsonObject("stages");
            assertThat(stages.getJsonObject("reasoner").getString("model")).as("the server's model name")
                    .isEqualTo(StandInBodies.VLLM_MODEL);
            assertThat(stages.getJsonObject("cue-extractor").getString("model")).isEqualTo("clip-hf-fixture@fixture-1");
            assertThat(stages.getJsonObject("enhancer").getString("model")).isEqualTo("instruct-pix2pix-tiny@fixture-1");
            assertThat(stages.getJsonObject("diffusion-renderer").getString("model")).isEqualTo("instruct-pix2pix-tiny@fixture-1");
            assertThat(stages.getJsonObject("scorer").getString("model")).isEqualTo("clip-hf-fixture@fixture-1+dino-fixture@fixture-1");
            assertThat(status.getJsonObject("scores").fieldNames()).contains("clip_i", "clip_t", "dino");
            byte[] edited = client.image(s.id(), "image");
            assertThat(edited).isNotEqualTo(Files.readAllBytes(sample.image()));
            regions += status.getInteger("regions");
        }
        assertThat(regions).as("SAM's automatic masks found regions on the sample scenes").isPositive();

        // what the reasoner sent: one request per sample, the sample's instruction and image, the server's listed model
        assertThat(vlm.requests()).hasSize(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            JsonObject body = vlm.requests().get(i);
            assertThat(body.getString("model")).isEqualTo(StandInBodies.VLLM_MODEL);
            String user = body.getJsonArray("messages").stream().map(JsonObject.class::cast)
                    .filter(m -> "user".equals(m.getString("role"))).findFirst().orElseThrow().encode();
            assertThat(user).contains(samples.get(i).instruction()).contains("data:image/png;base64,");
        }

        // each stage's start-up line names the family it loaded, from the full-size folder
        String folder = fullSize.folder().toString();
        assertThat(fullSize.familyLine("reasoner")).contains("vision-language model behind an openai-compatible endpoint " + vlm.url())
                .contains("serves [" + StandInBodies.VLLM_MODEL + "]");
        assertThat(fullSize.familyLine("cue-extractor")).contains("CLIP (Hugging Face CLIPModel export), clip-hf-fixture@fixture-1 from "
                + folder + "/clip").contains("regions: Segment Anything").contains(folder + "/sam");
        assertThat(fullSize.familyLine("enhancer")).contains("CLIP text encoder (text-encoder mode").contains("InstructPix2Pix family")
                .contains(folder + "/enhancer");
        assertThat(fullSize.familyLine("diffusion-renderer")).contains("InstructPix2Pix family (diffusers ORTStableDiffusionInstructPix2PixPipeline")
                .contains(folder + "/renderer");
        assertThat(fullSize.familyLine("scorer")).contains("CLIP-I / CLIP-T: CLIP (Hugging Face CLIPModel export)")
                .contains("DINO: DINOv2 (Hugging Face Dinov2Model export), dino-fixture@fixture-1 from " + folder + "/dino");
        assertThat(fullSize.messages())
                .anyMatch(m -> m.startsWith("settings of the models folder: " + folder + "/editstream.json"));
    }
}
