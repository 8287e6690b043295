package io.editstream.onnx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds a bundled model folder by name ({@code clip}, {@code reasoner}, {@code enhancer},
 * {@code renderer}). The models root is taken from the system property or environment variable
 * {@code EDITSTREAM_MODELS} when set (and must then hold the bundle); otherwise the trained defaults
 * in {@code models/default} are preferred, then the random-weight {@code models/fixtures}, each looked
 * up under {@code EDITSTREAM_HOME} (property, else variable; the {@code editstream} command sets it to its
 * checkout, so it finds the bundles from any working folder) or else the working directory, or any of its
 * parents, so services started from a module folder find the repository's committed bundles. The build
 * pins tests to the fixtures with the property.
 */
public final class Bundles {

    public static final String MODELS_VARIABLE = "EDITSTREAM_MODELS";
    public static final String HOME_VARIABLE = "EDITSTREAM_HOME";
    private static final List<Path> ROOTS = List.of(Path.of("models", "default"), Path.of("models", "fixtures"));

    private Bundles() {
    }

    public static Path locate(String name) {
        if (name == null || name.isBlank() || name.contains("/") || name.contains("\\")) {
            throw new IllegalArgumentException("bundle name must be a plain folder name, got '" + name + "'");
        }
        String configured = System.getProperty(MODELS_VARIABLE, System.getenv(MODELS_VARIABLE));
        if (configured != null && !configured.isBlank()) {
            Path candidate = Path.of(configured).resolve(name).toAbsolutePath().normalize();
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            throw new BundleException("model bundle '" + name + "' not found: " + MODELS_VARIABLE + "=" + configured
                    + " has no folder " + candidate);
        }
        List<Path> tried = new ArrayList<>();
        String home = System.getProperty(HOME_VARIABLE, System.getenv(HOME_VARIABLE));
        Path start = home != null && !home.isBlank() ? Path.of(home.trim()) : Path.of(System.getProperty("user.dir"));
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path root : ROOTS) {
                Path candidate = dir.resolve(root).resolve(name);
                if (Files.isDirectory(candidate)) {
                    return candidate.normalize();
                }
                tried.add(candidate);
            }
        }
        throw new BundleException("model bundle '" + name + "' not found; set " + MODELS_VARIABLE
                + " to the folder holding it, or run from the repository. Looked in " + tried);
    }
}
