package io.editstream.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A temporary folder (the gateway's multipart uploads) removed with everything in it on close. */
final class TempFolder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TempFolder.class);

    private final Path path;

    TempFolder(String prefix) throws IOException {
        this.path = Files.createTempDirectory(prefix);
    }

    Path path() {
        return path;
    }

    @Override
    public void close() {
        try (Stream<Path> paths = Files.walk(path)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("cannot remove the temporary folder {}: {}", path, e.toString());
        }
    }
}
