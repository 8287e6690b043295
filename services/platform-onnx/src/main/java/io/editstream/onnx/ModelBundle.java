package io.editstream.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model bundle: a folder with {@code bundle.json} (name, version, kind, pre-processing, and
 * {@code files.<role>} naming each model file) and the files it names. Loading checks that every named
 * file exists, so a broken bundle fails at start-up with the file and the expected layout, not mid-request.
 * For the Hugging Face Optimum layout ({@code "layout": "optimum"}) a role such as {@code unet} maps to
 * {@code unet/model.onnx} unless {@code files} names it otherwise.
 */
public final class ModelBundle {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final JsonNode manifest;

    private ModelBundle(Path dir, JsonNode manifest) {
        this.dir = dir;
        this.manifest = manifest;
    }

    public static ModelBundle load(Path dir) {
        Path file = dir.resolve("bundle.json");
        if (!Files.isDirectory(dir)) {
            throw new BundleException("model bundle folder " + dir.toAbsolutePath() + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new BundleException("model bundle " + dir.toAbsolutePath() + " has no bundle.json (expected: bundle.json with "
                    + "name, version, kind and files.<role>, beside the ONNX files; see models/README.md)");
        }
        JsonNode manifest;
        try {
            manifest = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new BundleException("cannot read " + file + ": " + e.getMessage(), e);
        }
        for (String key : new String[] {"name", "kind"}) {
            if (!manifest.hasNonNull(key)) {
                throw new BundleException(file + " has no '" + key + "'");
            }
        }
        ModelBundle bundle = new ModelBundle(dir, manifest);
        manifest.path("files").fieldNames().forEachRemaining(bundle::file);
        return bundle;
    }

    public Path dir() {
        return dir;
    }

    public String name() {
        return manifest.path("name").asText();
    }

    public String version() {
        return manifest.path("version").asText("0");
    }

    public String kind() {
        return manifest.path("kind").asText();
    }

    public JsonNode manifest() {
        return manifest;
    }

    /** The file playing {@code role}; checked to exist. */
    public Path file(String role) {
        JsonNode named = manifest.path("files").path(role);
        Path path;
        if (named.isTextual()) {
            path = dir.resolve(named.asText());
        } else if ("optimum".equals(manifest.path("layout").asText())) {
            path = dir.resolve(role).resolve("model.onnx");
        } else {
            throw new BundleException("model bundle " + dir + " (" + kind() + ") names no file for role '" + role
                    + "' in bundle.json files");
        }
        if (!Files.isRegularFile(path)) {
            throw new BundleException("model bundle " + dir + " is missing " + dir.relativize(path) + " (role '" + role
                    + "' of a " + kind() + " bundle; see models/README.md)");
        }
        return path;
    }

    public int imageSize() {
        return manifest.path("imageSize").asInt(64);
    }

    public float[] mean() {
        return floats("mean", 0.5f);
    }

    public float[] std() {
        return floats("std", 0.5f);
    }

    /** The bundle's word tokenizer ({@code tokenizer}, default vocab.txt). */
    public WordTokenizer tokenizer() {
        Path vocab = dir.resolve(manifest.path("tokenizer").asText("vocab.txt"));
        if (!Files.isRegularFile(vocab)) {
            throw new BundleException("model bundle " + dir + " is missing its tokenizer vocabulary " + dir.relativize(vocab));
        }
        return WordTokenizer.load(vocab);
    }

    private float[] floats(String key, float fallback) {
        JsonNode node = manifest.path(key);
        float[] out = {fallback, fallback, fallback};
        for (int i = 0; i < 3 && node.isArray() && i < node.size(); i++) {
            out[i] = (float) node.get(i).asDouble();
        }
        return out;
    }
}
