package io.editstream.embedded;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real S3 endpoint inside this JVM (S3Proxy), speaking the S3 protocol with AWS v2/v4 signatures on
 * 127.0.0.1, backed by memory or by a folder on disk. Clients use it exactly like MinIO or AWS S3.
 * S3Proxy 4 no longer ships jclouds; its own {@code transient-nio2} and {@code filesystem-nio2} stores
 * are the replacements for jclouds' {@code transient} and {@code filesystem} providers.
 */
public final class EmbeddedS3 implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedS3.class);

    /** The access key used unless one is given. */
    public static final String DEFAULT_ACCESS_KEY = "editstream";

    private final String accessKey;
    private final String secretKey;
    private final S3Proxy proxy;
    private final boolean https;

    private EmbeddedS3(BlobStore store, int port, String accessKey, String secretKey, SelfSignedTls tls) {
        if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
            throw new IllegalArgumentException("the embedded S3 endpoint needs an access key and a secret key");
        }
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.https = tls != null;
        S3Proxy.Builder builder = S3Proxy.builder()
                .blobStore(store)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey);
        if (https) {
            // https only: a plain http port beside it would let a misconfigured client skip TLS unnoticed
            builder.secureEndpoint(URI.create("https://127.0.0.1:" + port)).keyStore(tls.keystore().toString(), tls.password());
        } else {
            builder.endpoint(URI.create("http://127.0.0.1:" + port));
        }
        proxy = builder.build();
    }

    /** Objects kept in memory, lost on close; random port and secret key. */
    public static EmbeddedS3 startTransient() {
        return start(new TransientNio2BlobStore(), 0, "memory", DEFAULT_ACCESS_KEY, randomSecret(), null);
    }

    /** As {@link #startTransient()}, on https only, serving {@code tls}'s certificate. */
    public static EmbeddedS3 startTransientHttps(SelfSignedTls tls) {
        return start(new TransientNio2BlobStore(), 0, "memory", DEFAULT_ACCESS_KEY, randomSecret(), tls);
    }

    /** Objects kept as files under {@code dir} (one folder per bucket); port 0 picks a free one; a random secret key. */
    public static EmbeddedS3 startFilesystem(Path dir, int port) {
        return startFilesystem(dir, port, DEFAULT_ACCESS_KEY, randomSecret());
    }

    /** Objects kept as files under {@code dir} (one folder per bucket), port 0 picks a free one, with these credentials. */
    public static EmbeddedS3 startFilesystem(Path dir, int port, String accessKey, String secretKey) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the S3 data folder " + dir + ": " + e.getMessage(), e);
        }
        return start(new FilesystemNio2BlobStore(dir.toAbsolutePath().toString()), port, dir.toString(), accessKey, secretKey, null);
    }

    /** A new random secret key (32 hex digits). */
    public static String randomSecret() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static EmbeddedS3 start(BlobStore store, int port, String where, String accessKey, String secretKey,
            SelfSignedTls tls) {
        EmbeddedS3 s3 = new EmbeddedS3(store, port, accessKey, secretKey, tls);
        try {
            s3.proxy.start();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!"STARTED".equals(s3.proxy.getState()) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the embedded S3 endpoint", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the embedded S3 endpoint: " + e.getMessage(), e);
        }
        LOG.info("embedded S3 (S3Proxy) ready at {} storing in {}", s3.endpoint(), where);
        return s3;
    }

    public String endpoint() {
        return https ? "https://127.0.0.1:" + proxy.getSecurePort() : "http://127.0.0.1:" + proxy.getPort();
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            LOG.warn("closing the embedded S3 endpoint: {}", e.toString());
        }
    }
}
