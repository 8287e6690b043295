package io.editstream.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The files of a {@link HfClipModel} export and their checks: where each role's graph, the tokenizer and the text
 * length are found, and whether a graph has the signature its role needs (names, ranks, dtypes, width P), refusing
 * it with the file and the expected signature otherwise.
 */
final class HfClipExport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FLOATS = Set.of("FLOAT", "FLOAT16");
    private static final Set<String> INTS = Set.of("INT64", "INT32");

    private HfClipExport() {
    }

    static void check(String role, OnnxModel graph, int projectionDim) {
        Map<String, long[]> in = graph.inputShapes();
        Map<String, String> inTypes = graph.inputTypes();
        Map<String, long[]> out = graph.outputShapes();
        Map<String, String> outTypes = graph.outputTypes();
        boolean fits;
        String signature;
        switch (role) {
            case "model" -> {
                signature = HfClipModel.MODEL_SIGNATURE;
                fits = Set.of("input_ids", "pixel_values", "attention_mask").containsAll(in.keySet())
                        && is(in, inTypes, "input_ids", INTS, 2) && is(in, inTypes, "pixel_values", FLOATS, 4)
                        && (!in.containsKey("attention_mask") || is(in, inTypes, "attention_mask", INTS, 2))
                        && is(out, outTypes, "text_embeds", FLOATS, 2) && is(out, outTypes, "image_embeds", FLOATS, 2)
                        && width(out, "text_embeds", projectionDim) && width(out, "image_embeds", projectionDim);
            }
            case "vision_model" -> {
                signature = HfClipModel.VISION_SIGNATURE;
                fits = in.size() == 1 && is(in, inTypes, "pixel_values", FLOATS, 4)
                        && is(out, outTypes, "image_embeds", FLOATS, 2) && is(out, outTypes, "last_hidden_state", FLOATS, 3)
                        && width(out, "image_embeds", projectionDim);
            }
            case "text_model" -> {
                signature = HfClipModel.TEXT_SIGNATURE;
                fits = Set.of("input_ids", "attention_mask").containsAll(in.keySet()) && is(in, inTypes, "input_ids", INTS, 2)
                        && (!in.containsKey("attention_mask") || is(in, inTypes, "attention_mask", INTS, 2))
                        && is(out, outTypes, "text_embeds", FLOATS, 2) && width(out, "text_embeds", projectionDim);
            }
            default -> {
                signature = HfClipModel.PROJECTION_SIGNATURE;
                fits = in.size() == 1 && is(in, inTypes, "last_hidden_state", FLOATS, 3)
                        && is(out, outTypes, "patch_embeds", FLOATS, 3) && width(out, "patch_embeds", projectionDim);
            }
        }
        if (!fits) {
            throw new BundleException(graph.file() + " (" + role + ") has the wrong signature: expected " + signature
                    + " with P = projection_dim " + projectionDim + " of config.json; it takes "
                    + ClipTextEncoder.describe(in, inTypes) + " and gives " + ClipTextEncoder.describe(out, outTypes));
        }
    }

    static boolean is(Map<String, long[]> shapes, Map<String, String> types, String name, Set<String> allowed, int rank) {
        long[] shape = shapes.get(name);
        return shape != null && shape.length == rank && allowed.contains(types.get(name));
    }

    /** The last dimension is P when the graph fixes it. */
    static boolean width(Map<String, long[]> shapes, String name, int expected) {
        long[] shape = shapes.get(name);
        long last = shape[shape.length - 1];
        return last < 0 || last == expected;
    }

    /** The manifest's {@code files.<role>} (checked to exist by {@link ModelBundle}), else {@code name} if it exists. */
    static Path role(ModelBundle bundle, String role, String name) {
        JsonNode declared = bundle.manifest().path("files").path(role);
        if (declared.isTextual()) {
            return bundle.file(role);
        }
        Path conventional = bundle.dir().resolve(name);
        return Files.isRegularFile(conventional) ? conventional : null;
    }

    static Path tokenizerDir(ModelBundle bundle) {
        String declared = bundle.manifest().path("tokenizerDir").asText("");
        if (!declared.isEmpty()) {
            return bundle.dir().resolve(declared).normalize();
        }
        Path sub = bundle.dir().resolve("tokenizer");
        return Files.isDirectory(sub) ? sub : bundle.dir();
    }

    /** T: tokenizer_config.json's model_max_length when it is a real limit, else text_config.max_position_embeddings, else 77. */
    static int textLength(ModelBundle bundle, Path tokenizerDir, JsonNode textConfig) {
        int positions = textConfig.path("max_position_embeddings").asInt(ClipTokenizer.DEFAULT_LENGTH);
        Path tokenizerConfig = tokenizerDir.resolve("tokenizer_config.json");
        if (Files.isRegularFile(tokenizerConfig)) {
            long max = readJson(tokenizerConfig).path("model_max_length").asLong(0);
            if (max >= 2 && max <= positions) {
                return (int) max;
            }
        }
        return positions;
    }

    static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new BundleException(file + " is not valid JSON: " + e.getMessage(), e);
        }
    }
}
