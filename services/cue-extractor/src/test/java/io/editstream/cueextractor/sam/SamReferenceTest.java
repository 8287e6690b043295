package io.editstream.cueextractor.sam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.editstream.cueextractor.MaskPooling;
import io.editstream.cueextractor.ProposedRegion;
import io.editstream.cueextractor.RegionMask;
import io.editstream.events.Region;
import io.editstream.onnx.Bundles;
import io.editstream.onnx.Device;
import io.editstream.onnx.FloatTensor;
import io.editstream.onnx.ImageTensors;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java SAM path against models/scripts/sam_reference.py (torch + numpy + Pillow restating segment-anything's
 * preprocessing, point grid, stability score, boxes and NMS, and the mask pooling) on models/fixtures/sam and the
 * committed 64x48 scene: the resized image byte for byte, floats to 1e-5, every keep decision and box exactly.
 */
class SamReferenceTest {
    static final double TOLERANCE = 1e-5;
    static JsonNode expected;
    static BufferedImage image;
    static SamModel model;
    static SamMaskGenerator generator;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = SamReferenceTest.class.getResourceAsStream("/sam/reference.json")) {
            expected = new ObjectMapper().readTree(in);
        }
        try (InputStream in = SamReferenceTest.class.getResourceAsStream("/sam/scene-64x48.png")) {
            image = ImageTensors.decode(in.readAllBytes());
        }
        model = SamModel.load(SamSettings.bundle(Bundles.locate("sam")), Device.CPU);
        generator = new SamMaskGenerator(model);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static String sha256(int[][] planes) throws Exception {
        byte[] hwc = new byte[planes[0].length * 3];
        for (int i = 0; i < planes[0].length; i++) {
            for (int c = 0; c < 3; c++) {
                hwc[i * 3 + c] = (byte) planes[c][i];
            }
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(hwc));
    }

    @Test
    void pillowBilinearIsReproducedByteForByte() throws Exception {
        int[] rgb = image.getRGB(0, 0, 64, 48, null, 0, 64);
        for (JsonNode check : expected.get("pilResizes")) {
            int w = check.get("width").asInt();
            int h = check.get("height").asInt();
            assertThat(sha256(SamPreprocessor.resizePlanes(rgb, 64, 48, w, h))).as("%dx%d", w, h).isEqualTo(check.get("sha256").asText());
        }
    }

    @Test
    void preprocessingMatchesResizeLongestSideAndSamPreprocess() throws Exception {
        SamPreprocessor.Prepared prepared = generator.preprocessor().prepare(image);
        assertThat(new int[] {prepared.resizedHeight(), prepared.resizedWidth()})
                .containsExactly(expected.get("resized").get(0).asInt(), expected.get("resized").get(1).asInt());
        assertThat(sha256(prepared.resized())).isEqualTo(expected.get("resizedSha256").asText());
        float[] pixels = prepared.pixels().data();
        for (JsonNode sample : expected.get("pixelSamples")) {
            assertThat((double) pixels[sample.get(0).asInt()]).isCloseTo(sample.get(1).asDouble(), within(TOLERANCE));
        }
        int plane = 1024 * 1024;
        for (int c = 0; c < 3; c++) {
            double sum = 0;
            for (int i = c * plane; i < (c + 1) * plane; i++) {
                sum += pixels[i];
            }
            assertThat(sum).isCloseTo(expected.get("pixelChannelSums").get(c).asDouble(), within(TOLERANCE));
        }
    }

    @Test
    void embeddingsMatchTheTorchEncoder() {
        float[] embeddings = model.encode(generator.preprocessor().prepare(image)).data();
        for (JsonNode sample : expected.get("embeddingSamples")) {
            assertThat((double) embeddings[sample.get(0).asInt()]).isCloseTo(sample.get(1).asDouble(), within(TOLERANCE));
        }
        double sum = 0;
        for (float v : embeddings) {
            sum += v;
        }
        assertThat(sum).isCloseTo(expected.get("embeddingSum").asDouble(), within(1e-5 * Math.abs(expected.get("embeddingSum").asDouble())));
    }

    @Test
    void promptPointsAreTheGridInTheResizedFrame() {
        double[][] points = SamMaskGenerator.promptPoints(model.settings().pointsPerSide(), 64, 48, 1024);
        JsonNode ref = expected.get("points");
        assertThat(points.length).isEqualTo(ref.size());
        for (int i = 0; i < points.length; i++) {
            assertThat(points[i][0]).isEqualTo(ref.get(i).get(0).asDouble());
            assertThat(points[i][1]).isEqualTo(ref.get(i).get(1).asDouble());
        }
    }

    @Test
    void decoderLogitsMatchAtSampledPixels() {
        FloatTensor embeddings = model.encode(generator.preprocessor().prepare(image));
        double[][] points = SamMaskGenerator.promptPoints(model.settings().pointsPerSide(), 64, 48, 1024);
        double worst = 0;
        for (JsonNode c : expected.get("candidates")) {
            int p = c.get("point").asInt();
            int k = c.get("mask").asInt();
            SamModel.Decoded out = model.decode(embeddings, (float) points[p][0], (float) points[p][1], 48, 64);
            assertThat((double) out.iou()[k]).isCloseTo(c.get("iou").asDouble(), within(TOLERANCE));
            for (int i = 0; i < 16; i++) {
                double logit = out.logits()[k * 64 * 48 + ((7 * i) % 48) * 64 + (13 * i) % 64];
                double reference = c.get("logitSamples").get(i).asDouble();
                // logits reach |20| after three bilinear resizes (ONNX Runtime vs torch): 1e-5 relative to max(1, |logit|)
                worst = Math.max(worst, Math.abs(logit - reference) / Math.max(1.0, Math.abs(reference)));
            }
        }
        assertThat(worst).as("largest logit difference, relative to max(1, |logit|)").isLessThan(TOLERANCE);
    }

    @Test
    void maskGenerationKeepsAndBoxesExactlyWhatSamWould() {
        SamMaskGenerator.Result result = generator.generate(image, 100);
        JsonNode ref = expected.get("candidates");
        assertThat(result.candidates()).hasSize(ref.size());
        for (int i = 0; i < ref.size(); i++) {
            SamMaskGenerator.Candidate c = result.candidates().get(i);
            JsonNode r = ref.get(i);
            assertThat(c.point()).isEqualTo(r.get("point").asInt());
            assertThat(c.maskIndex()).isEqualTo(r.get("mask").asInt());
            assertThat(c.intersections()).as("candidate %d intersections", i).isEqualTo(r.get("intersections").asInt());
            assertThat(c.unions()).as("candidate %d unions", i).isEqualTo(r.get("unions").asInt());
            if (!r.get("stability").isNull()) {
                assertThat((double) c.stability()).isCloseTo(r.get("stability").asDouble(), within(TOLERANCE));
            }
            assertThat(c.passesIou()).as("candidate %d IoU filter", i).isEqualTo(r.get("passesIou").asBoolean());
            assertThat(c.passesStability()).as("candidate %d stability filter", i).isEqualTo(r.get("passesStability").asBoolean());
            if (c.passesStability()) {
                assertThat(c.box()).as("candidate %d box", i).containsExactly(
                        r.get("box").get(0).asInt(), r.get("box").get(1).asInt(), r.get("box").get(2).asInt(), r.get("box").get(3).asInt());
                assertThat(c.area()).isEqualTo(r.get("area").asInt());
            }
        }
        assertThat(result.keep()).containsExactlyElementsOf(ints(expected.get("keep")));
    }

    @Test
    void regionsAndTheirMaskPoolingMatch() {
        List<ProposedRegion> regions = new SamRegionProposer(model, 100).propose(image);
        JsonNode ref = expected.get("regions");
        assertThat(regions).hasSize(ref.size());
        for (int i = 0; i < ref.size(); i++) {
            Region region = regions.get(i).region();
            JsonNode r = ref.get(i);
            assertThat(List.of(region.getX(), region.getY(), region.getWidth(), region.getHeight())).as("region %d", i)
                    .containsExactly(r.get("x").asInt(), r.get("y").asInt(), r.get("width").asInt(), r.get("height").asInt());
            assertThat((double) region.getAreaFraction()).isCloseTo(r.get("areaFraction").asDouble(), within(TOLERANCE));
            for (int c = 0; c < 3; c++) {
                assertThat((double) region.getMeanRgb().get(c)).isCloseTo(r.get("meanRgb").get(c).asDouble(), within(TOLERANCE));
            }
            RegionMask mask = regions.get(i).mask();
            for (String grid : List.of("8", "7")) {
                int g = Integer.parseInt(grid);
                int dim = expected.get("tokenDim").asInt();
                float[] pooled = MaskPooling.pool(tokens(g, dim), g * g, dim, mask);
                float[] viaRegion = regions.get(i).pool(tokens(g, dim), g * g, dim, 64, 48);
                assertThat(viaRegion).containsExactly(pooled);
                for (int d = 0; d < dim; d++) {
                    assertThat((double) pooled[d]).as("region %d grid %s dim %d", i, grid, d)
                            .isCloseTo(r.get("pooled").get(grid).get(d).asDouble(), within(TOLERANCE));
                }
            }
        }
    }

    @Test
    void anEncoderExportedWithItsPreprocessingGivesTheSameRegions(@TempDir Path dir) throws Exception {
        // samexporter's --use-preprocess: input_image is the resized HWC image on 0..255
        for (String f : List.of("bundle.json", "decoder.onnx")) {
            Files.copy(Bundles.locate("sam").resolve(f), dir.resolve(f));
        }
        try (InputStream in = getClass().getResourceAsStream("/sam/encoder_use_preprocess.onnx")) {
            Files.copy(in, dir.resolve("encoder.onnx"));
        }
        try (SamRegionProposer sam = SamRegionProposer.load(dir, Device.CPU, 100)) {
            assertThat(sam.model().encoderPreprocesses()).isTrue();
            assertThat(sam.description()).contains("encoder normalises and pads itself");
            List<ProposedRegion> regions = sam.propose(image);
            JsonNode ref = expected.get("regions");
            assertThat(regions).hasSize(ref.size());
            for (int i = 0; i < ref.size(); i++) {
                Region region = regions.get(i).region();
                assertThat(List.of(region.getX(), region.getY(), region.getWidth(), region.getHeight()))
                        .containsExactly(ref.get(i).get("x").asInt(), ref.get(i).get("y").asInt(),
                                ref.get(i).get("width").asInt(), ref.get(i).get("height").asInt());
            }
        }
    }

    /** The reference's synthetic patch tokens: float32(sin(0.37 p + 0.11 d + 0.5)). */
    static float[] tokens(int grid, int dim) {
        float[] t = new float[grid * grid * dim];
        for (int p = 0; p < grid * grid; p++) {
            for (int d = 0; d < dim; d++) {
                t[p * dim + d] = (float) Math.sin(0.37 * p + 0.11 * d + 0.5);
            }
        }
        return t;
    }

    static List<Integer> ints(JsonNode array) {
        List<Integer> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asInt()));
        return out;
    }
}
