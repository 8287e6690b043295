package io.editstream.storage;

import io.editstream.events.DType;
import io.editstream.events.ImageRef;
import io.editstream.events.TensorRef;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

/**
 * Images and tensors in S3-compatible storage, addressed by claim-checks ({@code s3://bucket/key} plus
 * size and SHA-256). Reads verify the claim-check, so a truncated or replaced object is reported
 * instead of being fed to a model. Small tensors travel inline in their ref instead ({@link TensorPlacement}),
 * checked the same way, and images go through the process's {@link ImageCache}. Thread-safe; one instance
 * serves a whole service.
 */
public final class ObjectStore implements AutoCloseable {
    /** One connection pool for every store in the JVM, with the MinIO SDK's timeouts and TCP_NODELAY. */
    private static final OkHttpClient HTTP = new OkHttpClient.Builder()
            .connectTimeout(Duration.ofMinutes(5)).writeTimeout(Duration.ofMinutes(5)).readTimeout(Duration.ofMinutes(5))
            .protocols(List.of(Protocol.HTTP_1_1))
            .socketFactory(new NoDelaySocketFactory())
            .build();

    private static final Set<String> MISSING_CODES = Set.of("NoSuchKey", "NoSuchBucket", "NoSuchObject");

    private final MinioClient client;
    private final StorageSettings settings;
    private final TensorPlacement placement;
    private final ImageCache images;

    private ObjectStore(MinioClient client, StorageSettings settings) {
        this.client = client;
        this.settings = settings;
        this.placement = new TensorPlacement(settings.inlineTensorBytes());
        this.images = ImageCache.shared(settings.imageCacheBytes());
    }

    public static ObjectStore connect(StorageSettings settings) {
        MinioClient client = MinioClient.builder()
                .httpClient(httpClient(settings), false)
                .endpoint(settings.endpoint())
                .credentials(settings.accessKey(), settings.secretKey())
                .region(settings.region())
                .build();
        // path-style (http://host/bucket/key): MinIO, S3Proxy and in-cluster endpoints have no per-bucket DNS names
        client.disableVirtualStyleEndpoint();
        return new ObjectStore(client, settings);
    }

    /**
     * The shared client, or with a custom CA one that shares its pool and settings but checks the endpoint's
     * certificate against that CA (a store per service, so one client per CA file is enough).
     */
    private static OkHttpClient httpClient(StorageSettings settings) {
        if (settings.caFile() == null) {
            return HTTP;
        }
        PemTrust trust = PemTrust.of(Path.of(settings.caFile()));
        return HTTP.newBuilder().sslSocketFactory(trust.context().getSocketFactory(), trust.trustManager()).build();
    }

    public String bucket() {
        return settings.bucket();
    }

    /** Creates the bucket unless it exists. */
    public void ensureBucket() {
        call("ensure bucket " + settings.bucket() + " at " + settings.endpoint(), () -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(settings.bucket()).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(settings.bucket()).build());
            }
            return null;
        });
    }

    /** True when the bucket answers: the readiness check of every service. */
    public boolean reachable() {
        try {
            return client.bucketExists(BucketExistsArgs.builder().bucket(settings.bucket()).build());
        } catch (Exception e) {
            return false;
        }
    }

    public String uri(String key) {
        return "s3://" + settings.bucket() + "/" + key;
    }

    public ImageRef putImage(String key, byte[] bytes, String contentType, int width, int height) {
        put(key, bytes, contentType);
        String sha256 = sha256(bytes);
        // written, so its next reader in this process (the stages after the gateway, the scorer after the renderer) need not fetch it
        images.put(uri(key), sha256, bytes);
        return ImageRef.newBuilder().setUri(uri(key)).setSha256(sha256).setSizeBytes(bytes.length)
                .setContentType(contentType).setWidth(width).setHeight(height).build();
    }

    public TensorRef putTensor(String key, byte[] littleEndian, long[] shape, DType dtype) {
        long elements = Arrays.stream(shape).reduce(1, Math::multiplyExact);
        int width = dtype == DType.FLOAT16 ? 2 : dtype == DType.INT64 ? 8 : 4;
        if (elements * width != littleEndian.length) {
            throw new IllegalArgumentException("tensor " + key + ": shape " + Arrays.toString(shape) + " of " + dtype
                    + " needs " + elements * width + " bytes, got " + littleEndian.length);
        }
        TensorRef.Builder ref = TensorRef.newBuilder().setSha256(sha256(littleEndian)).setSizeBytes(littleEndian.length)
                .setShape(Arrays.stream(shape).boxed().toList()).setDtype(dtype);
        if (placement.inline(littleEndian.length)) {
            return ref.setUri(TensorPlacement.inlineUri(key)).setInline(ByteBuffer.wrap(littleEndian.clone())).build();
        }
        put(key, littleEndian, "application/octet-stream");
        return ref.setUri(uri(key)).build();
    }

    /** The object's bytes; {@link MissingObjectException} when there is none. */
    public byte[] get(String uri) {
        Location at = Location.parse(uri);
        return call("read " + uri, () -> {
            try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(at.bucket()).object(at.key()).build())) {
                return in.readAllBytes();
            }
        });
    }

    /** The image's bytes, from this process's cache when it has read or written them already. */
    public byte[] getImage(ImageRef ref) {
        Optional<byte[]> cached = images.get(ref.getUri(), ref.getSha256());
        if (cached.isPresent()) {
            return cached.get();
        }
        byte[] bytes = verified(ref.getUri(), get(ref.getUri()), ref.getSizeBytes(), ref.getSha256());
        images.put(ref.getUri(), ref.getSha256(), bytes);
        return bytes;
    }

    /** The tensor's bytes, from its event when it travels inline, else from storage; verified either way. */
    public byte[] getTensor(TensorRef ref) {
        byte[] bytes = TensorPlacement.isInline(ref.getUri()) ? TensorPlacement.carried(ref) : get(ref.getUri());
        return verified(ref.getUri(), bytes, ref.getSizeBytes(), ref.getSha256());
    }

    public boolean exists(String uri) {
        Location at = Location.parse(uri);
        try {
            call("stat " + uri, () -> client.statObject(StatObjectArgs.builder().bucket(at.bucket()).object(at.key()).build()));
            return true;
        } catch (MissingObjectException e) {
            return false;
        }
    }

    /** A stream of the object, for large downloads; the caller closes it. */
    public InputStream open(String uri) {
        Location at = Location.parse(uri);
        return call("open " + uri, () -> client.getObject(GetObjectArgs.builder().bucket(at.bucket()).object(at.key()).build()));
    }

    private void put(String key, byte[] bytes, String contentType) {
        call("write " + uri(key), () -> client.putObject(PutObjectArgs.builder().bucket(settings.bucket()).object(key)
                .data(bytes, bytes.length).contentType(contentType).build()));
    }

    private static byte[] verified(String uri, byte[] bytes, long size, String sha256) {
        if (bytes.length != size) {
            throw new CorruptObjectException(uri + " has " + bytes.length + " bytes, the claim-check says " + size);
        }
        String actual = sha256(bytes);
        if (!actual.equalsIgnoreCase(sha256)) {
            throw new CorruptObjectException(uri + " has SHA-256 " + actual + ", the claim-check says " + sha256);
        }
        return bytes;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface S3Call<T> {
        T run() throws Exception;
    }

    private static <T> T call(String what, S3Call<T> action) {
        try {
            return action.run();
        } catch (ErrorResponseException e) {
            String code = e.errorResponse() == null ? "" : e.errorResponse().code();
            if (MISSING_CODES.contains(code)) {
                throw new MissingObjectException("cannot " + what + ": object missing (" + code + ")");
            }
            throw new StorageException("cannot " + what + ": " + code + " " + e.getMessage(), e);
        } catch (IOException e) {
            if (tlsCause(e) != null) {
                throw untrusted(what, tlsCause(e), e);
            }
            throw new UncheckedIOException("cannot " + what + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // the SDK reports a refused certificate as an IllegalStateException naming only the validator's
            // complaint: say what was being done and which setting decides whom storage trusts
            Throwable tls = tlsCause(e);
            if (tls != null) {
                throw untrusted(what, tls, e);
            }
            throw e;
        } catch (Exception e) {
            throw new StorageException("cannot " + what + ": " + e.getMessage(), e);
        }
    }

    private static StorageException untrusted(String what, Throwable tls, Exception e) {
        return new StorageException("cannot " + what + ": TLS with the endpoint failed (" + tls.getMessage()
                + "); is its CA the one in s3.caFile / env S3_CA_FILE?", e);
    }

    private static Throwable tlsCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException || t instanceof java.security.GeneralSecurityException) {
                return t;
            }
        }
        return null;
    }

    /** A parsed {@code s3://bucket/key} URI. */
    record Location(String bucket, String key) {
        static Location parse(String uri) {
            if (uri == null || !uri.startsWith("s3://")) {
                throw new IllegalArgumentException("not an s3:// URI: " + uri);
            }
            List<String> parts = List.of(uri.substring(5).split("/", 2));
            if (parts.size() != 2 || parts.get(0).isEmpty() || parts.get(1).isEmpty()) {
                throw new IllegalArgumentException("an s3 URI needs a bucket and a key: " + uri);
            }
            return new Location(parts.get(0), parts.get(1));
        }
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception e) {
            // the HTTP client holds only pooled connections; nothing to recover
        }
    }
}
