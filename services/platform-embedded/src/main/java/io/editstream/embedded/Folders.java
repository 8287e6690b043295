package io.editstream.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Removing data folders: a temporary broker's on close, and layouts left by earlier versions. */
final class Folders {
    private static final Logger LOG = LoggerFactory.getLogger(Folders.class);
    /** The folder layout of earlier versions (one test-kit cluster per run), which can never be reopened. */
    private static final String EARLIER_RUN_PREFIX = "run-";

    private Folders() {
    }

    static void removeEarlierRuns(Path dir) throws IOException {
        try (Stream<Path> runs = Files.list(dir)) {
            for (Path run : runs.filter(p -> p.getFileName().toString().startsWith(EARLIER_RUN_PREFIX)).toList()) {
                LOG.info("removing {}, left by an earlier version that formatted a new cluster at every start", run);
                deleteTree(run);
            }
        }
    }

    /** Deletes {@code root} and everything below it; a failure is logged, never thrown (it runs on close). */
    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", root, e.toString());
        }
    }
}
