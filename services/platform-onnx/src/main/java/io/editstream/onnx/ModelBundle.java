package io.editstream.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A model bundle: a folder with a {@code bundle.json} manifest naming the bundle, its kind and its
 * files by role. Every declared file (and the tokenizer vocabulary) must exist when the bundle is
 * loaded, so a broken deployment fails at start-up, not on the first request. Bundles with
 * {@code "layout": "optimum"} follow the Hugging Face Optimum ONNX export, where role {@code unet}
 * means {@code unet/model.onnx} unless {@code files} says otherwise (see models/README.md).
 */
public final class ModelBundle {

    public static final String MANIFEST = "bundle.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LAYOUT_HINT = "a folder with bundle.json {\"name\", \"version\", \"kind\", "
            + "\"files\": {role: relative path}, ...} next to the files it names (see models/README.md)";

    private final Path dir;
    private final JsonNode manifest;
    private volatile WordTokenizer tokenizer;

    private ModelBundle(Path dir, JsonNode manifest) {
        this.dir = dir;
        this.manifest = manifest;
    }

    public static ModelBundle load(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            throw new BundleException("model bundle directory " + dir + " does not exist; expected " + LAYOUT_HINT);
        }
        Path abs = dir.toAbsolutePath().normalize();
        Path file = abs.resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            String optimum = Files.isRegularFile(abs.resolve("model_index.json"))
                    ? " This looks like an Optimum export: add bundle.json with {\"kind\": \"renderer\", "
                    + "\"layout\": \"optimum\", ...}." : "";
            throw new BundleException("model bundle " + abs + " has no " + MANIFEST + "; expected " + LAYOUT_HINT
                    + "." + optimum);
        }
        JsonNode manifest;
        try {
            manifest = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new BundleException("model bundle manifest " + file + " is not valid JSON: " + e.getMessage(), e);
        }
        if (manifest == null || !manifest.isObject()) {
            throw new BundleException("model bundle manifest " + file + " must hold a JSON object; expected " + LAYOUT_HINT);
        }
        ModelBundle bundle = new ModelBundle(abs, manifest);
        bundle.check();
        return bundle;
    }

    private void check() {
        for (String key : List.of("name", "version", "kind")) {
            if (!manifest.path(key).isTextual() || manifest.path(key).asText().isBlank()) {
                throw new BundleException("model bundle manifest " + dir.resolve(MANIFEST) + " lacks \"" + key
                        + "\"; expected " + LAYOUT_HINT);
            }
        }
        JsonNode files = manifest.path("files");
        if (!files.isMissingNode() && !files.isObject()) {
            throw new BundleException("model bundle manifest " + dir.resolve(MANIFEST)
                    + ": \"files\" must map roles to relative paths");
        }
        List<String> roles = new ArrayList<>();
        files.fieldNames().forEachRemaining(roles::add);
        roles.addAll(OptimumLayout.requiredRoles(this));
        roles.forEach(this::file);
        if (manifest.hasNonNull("tokenizer")) {
            existing("tokenizer", manifest.path("tokenizer").asText());
        }
    }

    public String name() {
        return manifest.path("name").asText();
    }

    public String version() {
        return manifest.path("version").asText();
    }

    public String kind() {
        return manifest.path("kind").asText();
    }

    /** The manifest's "layout", "bundle" when absent. */
    public String layout() {
        return manifest.path("layout").asText("bundle");
    }

    public Path dir() {
        return dir;
    }

    /** The file of {@code role}: {@code files.<role>}, else the Optimum default for optimum bundles; it exists. */
    public Path file(String role) {
        JsonNode declared = manifest.path("files").path(role);
        if (declared.isTextual()) {
            return existing("files." + role, declared.asText());
        }
        String conventional = OptimumLayout.defaultPath(this, role);
        if (conventional != null) {
            return existing(role + " (Optimum layout)", conventional);
        }
        List<String> known = new ArrayList<>();
        manifest.path("files").fieldNames().forEachRemaining(known::add);
        throw new BundleException("model bundle " + dir + " (" + kind() + ") has no file for role '" + role
                + "'; its manifest declares files " + known);
    }

    public JsonNode manifest() {
        return manifest.deepCopy();
    }

    public int imageSize() {
        JsonNode size = manifest.path("imageSize");
        if (!size.canConvertToInt() || size.asInt() < 1) {
            throw new BundleException("model bundle " + dir + ": " + MANIFEST + " needs a positive \"imageSize\"");
        }
        return size.asInt();
    }

    public float[] mean() {
        return triple("mean");
    }

    public float[] std() {
        float[] std = triple("std");
        for (float s : std) {
            if (s == 0f) {
                throw new BundleException("model bundle " + dir + ": \"std\" must not contain 0");
            }
        }
        return std;
    }

    /**
     * T of a text graph's input_ids [B, T]: from the graph when fixed, else this bundle's "maxTokens";
     * {@code graph} names the graph in the error ("text encoder", "encoder").
     */
    public int textTokens(OnnxModel model, String graph) {
        long[] shape = model.inputShapes().get("input_ids");
        if (shape != null && shape.length == 2 && shape[1] > 0) {
            return (int) shape[1];
        }
        int fromManifest = manifest.path("maxTokens").asInt(0);
        if (fromManifest < 1) {
            throw new BundleException("bundle " + name() + ": " + graph + " input_ids has a dynamic length and "
                    + "bundle.json has no positive \"maxTokens\"");
        }
        return fromManifest;
    }

    /** The vocabulary named by the manifest's "tokenizer", loaded once. */
    public WordTokenizer tokenizer() {
        WordTokenizer t = tokenizer;
        if (t == null) {
            if (!manifest.hasNonNull("tokenizer")) {
                throw new BundleException("model bundle " + dir + " (" + kind() + ") declares no \"tokenizer\" vocab.txt");
            }
            t = WordTokenizer.load(existing("tokenizer", manifest.path("tokenizer").asText()));
            tokenizer = t;
        }
        return t;
    }

    @Override
    public String toString() {
        return "ModelBundle[" + name() + " " + version() + " (" + kind() + ") at " + dir + "]";
    }

    private float[] triple(String key) {
        JsonNode values = manifest.path(key);
        if (!values.isArray() || values.size() != 3) {
            throw new BundleException("model bundle " + dir + ": " + MANIFEST + " needs \"" + key
                    + "\" as 3 numbers (R, G, B)");
        }
        return new float[] {(float) values.get(0).asDouble(), (float) values.get(1).asDouble(),
                (float) values.get(2).asDouble()};
    }

    private Path existing(String what, String relative) {
        Path path = dir.resolve(relative).normalize();
        if (!Files.isRegularFile(path)) {
            throw new BundleException("model bundle " + dir + ": " + what + " file " + path + " is missing; expected "
                    + relative + " inside the bundle folder (layout: " + layoutSummary() + ")");
        }
        return path;
    }

    private String layoutSummary() {
        StringBuilder s = new StringBuilder(MANIFEST);
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) () -> manifest.path("files").fields()) {
            s.append(", ").append(e.getValue().asText());
        }
        if (manifest.hasNonNull("tokenizer")) {
            s.append(", ").append(manifest.path("tokenizer").asText());
        }
        return s.toString();
    }
}
