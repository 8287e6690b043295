package io.editstream.local;

import io.editstream.kafka.KafkaSettings;
import io.editstream.storage.StorageSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code <data-dir>/connection.env}: where the running broker and S3 endpoint are and how to sign in, as
 * environment assignments ({@code KAFKA_BOOTSTRAP}, {@code S3_ENDPOINT}, {@code S3_ACCESS_KEY}, {@code S3_SECRET_KEY},
 * {@code S3_BUCKET}, {@code S3_REGION}, and {@code GATEWAY_URL} when a gateway serves), the names every service
 * reads. A shell sources it ({@code set -a; . editstream-data/connection.env; set +a}), {@code service NAME
 * --connection} reads it, and so can a program in any language. Readable by its owner only: it holds the secret key.
 */
public final class ConnectionFile {
    public static final String NAME = "connection.env";

    private ConnectionFile() {
    }

    public static Map<String, String> values(KafkaSettings kafka, StorageSettings storage, Optional<String> gatewayUrl) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("KAFKA_BOOTSTRAP", kafka.bootstrapServers());
        values.put("S3_ENDPOINT", storage.endpoint());
        values.put("S3_ACCESS_KEY", storage.accessKey());
        values.put("S3_SECRET_KEY", storage.secretKey());
        values.put("S3_BUCKET", storage.bucket());
        values.put("S3_REGION", storage.region());
        gatewayUrl.ifPresent(url -> values.put("GATEWAY_URL", url));
        return values;
    }

    /** Writes the file ({@code writer} names who wrote it, for its comment line) (atomically, mode 600 where the file system has POSIX permissions) and returns its path. */
    public static Path write(Path dataDir, String writer, Map<String, String> values) throws IOException {
        StringBuilder text = new StringBuilder()
                .append("# EditStream connection settings, written by ").append(writer).append(" at ")
                .append(Instant.now()).append(".\n")
                .append("# Valid while it runs. In a shell: set -a; . ").append(dataDir.resolve(NAME)).append("; set +a\n");
        values.forEach((k, v) -> text.append(k).append('=').append(quote(v)).append('\n'));
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve(NAME);
        writePrivate(file, text);
        return file;
    }

    /**
     * Replaces {@code file} with {@code text} (UTF-8) atomically, through {@code <file>.tmp} made mode 600 before
     * anything is written to it (where the file system has POSIX permissions; elsewhere the folder's own apply).
     */
    static void writePrivate(Path file, CharSequence text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp);
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the folder's own permissions apply
        }
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads {@code KEY=value} lines (comments and blank lines skipped, one level of single or double quotes removed). */
    public static Map<String, String> read(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            values.put(line.substring(0, eq).strip(), unquote(line.substring(eq + 1).strip()));
        }
        return values;
    }

    /** Values are plain (host:port, URLs, hex keys); anything else is single-quoted so that a shell reads it verbatim. */
    static String quote(String value) {
        if (value.matches("[A-Za-z0-9._:/@%+=,-]*")) {
            return value;
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }

    static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("'") && value.endsWith("'") || value.startsWith("\"") && value.endsWith("\""))) {
            return value.substring(1, value.length() - 1).replace("'\\''", "'");
        }
        return value;
    }
}
