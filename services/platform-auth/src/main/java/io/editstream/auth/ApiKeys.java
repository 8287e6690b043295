package io.editstream.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A keys file: one line per API key, {@code sha256:<hex> <tenant> <name> <created>}, and {@code #} comments. Only
 * the key's SHA-256 is kept, so the file (or the Kubernetes secret mounted as it) gives no key away; a key is 32
 * random bytes, so a plain hash is enough (there is nothing to guess, unlike a password). A lookup hashes the key
 * first, so how long it takes says nothing about any stored hash.
 */
public final class ApiKeys {
    static final String PREFIX = "es_";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Whose a key is. */
    public record Entry(String tenant, String name) {
    }

    private final Map<String, Entry> byHash;

    private ApiKeys(Map<String, Entry> byHash) {
        this.byHash = Map.copyOf(byHash);
    }

    public static ApiKeys load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no API keys file " + file + ": create it with `editstream keys add --tenant T --file " + file + "`");
        }
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
    }

    static ApiKeys parse(List<String> lines, String source) {
        Map<String, Entry> byHash = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length < 3 || !parts[0].matches("sha256:[0-9a-f]{64}") || !Tenants.NAME.matcher(parts[1]).matches()) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + " is not 'sha256:<64 hex> <tenant> <name> [created]'");
            }
            byHash.put(parts[0].substring("sha256:".length()), new Entry(parts[1], parts[2]));
        }
        return new ApiKeys(byHash);
    }

    public Optional<Entry> find(String key) {
        return key == null || key.isBlank() ? Optional.empty() : Optional.ofNullable(byHash.get(hash(key.strip())));
    }

    public int size() {
        return byHash.size();
    }

    /** Creates a key for {@code tenant}, appends its hash to {@code file} (created private), and returns the key itself. */
    public static String add(Path file, String tenant, String name) throws IOException {
        Tenants.checked(tenant);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a key's name must be 1-64 letters, digits, '_', '.', '@' or '-', got '" + name + "'");
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String line = "sha256:" + hash(key) + " " + tenant + " " + name + " " + Instant.now() + "\n";
        if (!Files.exists(file)) {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.writeString(file, "# EditStream API keys: sha256:<hash of the key> <tenant> <name> <created>\n");
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the file keeps the folder's permissions
            }
        }
        Files.writeString(file, line, StandardOpenOption.APPEND);
        return key;
    }

    static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }
}
