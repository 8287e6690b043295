package io.editstream.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed server certificate for 127.0.0.1 and localhost, made with the JDK's {@code keytool} (no extra
 * library): a PKCS12 keystore the embedded broker and S3 endpoint serve it from, and the certificate as PEM, the
 * "custom CA" a client is configured to trust. For tests and local runs that exercise encrypted transport.
 */
public record SelfSignedTls(Path keystore, String password, Path caPem) {
    private static final String ALIAS = "editstream-embedded";

    /** Generates a fresh key pair and certificate (valid 2 days) in {@code dir}, named after {@code name}. */
    public static SelfSignedTls generate(Path dir, String name) {
        try {
            Files.createDirectories(dir);
            Path keystore = dir.resolve(name + ".p12");
            Path pem = dir.resolve(name + "-ca.pem");
            String password = UUID.randomUUID().toString().replace("-", "");
            Files.deleteIfExists(keystore);
            keytool("-genkeypair", "-alias", ALIAS, "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=" + name, "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                    "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", password, "-keypass", password);
            keytool("-exportcert", "-rfc", "-alias", ALIAS, "-keystore", keystore.toString(), "-storepass", password,
                    "-file", pem.toString());
            return new SelfSignedTls(keystore, password, pem);
        } catch (IOException e) {
            throw new IllegalStateException("cannot generate a self-signed certificate in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("keytool " + args[0] + " did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running keytool", e);
        }
        String output = new String(process.getInputStream().readAllBytes());
        if (process.exitValue() != 0) {
            throw new IOException("keytool " + args[0] + " failed (exit " + process.exitValue() + "): " + output.trim());
        }
    }
}
