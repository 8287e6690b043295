package io.editstream.local;

import io.editstream.onnx.Bundles;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The EditStream checkout the command belongs to, where the bundled {@code models/} and {@code samples/}
 * live, so {@code java -jar …/editstream.jar} works from any folder: {@code EDITSTREAM_HOME} (system
 * property, else environment variable) when set; else the working folder when it has {@code models/};
 * else the nearest folder above the jar (or classes folder) that has {@code models/}. Only these bundled
 * resources come from here: paths the user types stay relative to the working folder.
 */
public final class Home {
    public static final String VARIABLE = Bundles.HOME_VARIABLE;

    private Home() {
    }

    /** The home for this JVM; the working folder when none is found (then lookups report what they missed). */
    public static Path locate() {
        Path cwd = Path.of("").toAbsolutePath();
        return find(System.getProperty(VARIABLE, System.getenv(VARIABLE)), cwd, codeLocation()).orElse(cwd);
    }

    /** The rule itself, on given inputs so it can be tested without moving jars around. */
    static Optional<Path> find(String explicit, Path cwd, Path codeLocation) {
        if (explicit != null && !explicit.isBlank()) {
            return Optional.of(cwd.resolve(explicit.trim()).normalize());
        }
        if (hasModels(cwd)) {
            return Optional.of(cwd);
        }
        for (Path dir = codeLocation == null ? null : codeLocation.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (hasModels(dir)) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    private static boolean hasModels(Path dir) {
        return Files.isDirectory(dir.resolve("models"));
    }

    /** The jar or classes folder this class was loaded from; null when the class loader does not say. */
    static Path codeLocation() {
        try {
            var source = Home.class.getProtectionDomain().getCodeSource();
            return source == null ? null : Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }
}
