package io.editstream.onnx;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds a bundled model by name: under {@code $EDITSTREAM_MODELS} (system property
 * {@code editstream.models} first), else the nearest {@code models/} folder from the working directory
 * upwards — trained defaults in {@code models/default/<name>} win over fixtures in {@code models/fixtures/<name>}.
 */
public final class Bundles {
    private Bundles() {
    }

    public static Path locate(String name) {
        String configured = System.getProperty("editstream.models", System.getenv("EDITSTREAM_MODELS"));
        if (configured != null && !configured.isBlank()) {
            Path found = within(Path.of(configured), name);
            if (found != null) {
                return found;
            }
            throw new BundleException("no bundle '" + name + "' under EDITSTREAM_MODELS=" + configured
                    + " (looked for default/" + name + ", fixtures/" + name + " and " + name + ")");
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path found = within(dir.resolve("models"), name);
            if (found != null) {
                return found;
            }
        }
        throw new BundleException("no bundled model '" + name + "' found in models/ from " + Path.of("").toAbsolutePath()
                + " upwards; set EDITSTREAM_MODELS or the service's model.bundle");
    }

    private static Path within(Path models, String name) {
        for (Path candidate : new Path[] {models.resolve("default").resolve(name), models.resolve("fixtures").resolve(name),
            models.resolve(name)}) {
            if (Files.isRegularFile(candidate.resolve("bundle.json"))) {
                return candidate;
            }
        }
        return null;
    }
}
