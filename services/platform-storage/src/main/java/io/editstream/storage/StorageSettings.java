package io.editstream.storage;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where the S3-compatible endpoint is, how to sign requests to it, which bucket holds our objects, and optionally
 * the CA certificate (PEM) an https endpoint's certificate is checked against, for an in-house CA or a self-signed
 * endpoint; without one the JVM's default trust store decides. Two byte sizes trade object-store round trips for
 * memory: tensors up to {@code inlineTensorBytes} travel inside the event ({@link TensorPlacement}), and images
 * read or written are kept in a process-wide cache of {@code imageCacheBytes} ({@link ImageCache}); 0 turns
 * either off.
 */
public record StorageSettings(String endpoint, String accessKey, String secretKey, String bucket, String region, String caFile,
                              long inlineTensorBytes, long imageCacheBytes) {
    /**
     * 64 KiB: the fixture and default bundles' tensors (2–19 KiB) go inline, a full-size checkpoint's (CLIP's
     * 77×768 float32 is 231 KiB, T5's 512×4096 8 MiB) stay in storage, and an event with its two largest tensors
     * inline stays far below the broker's 1 MB message limit.
     */
    public static final long DEFAULT_INLINE_TENSOR_BYTES = 64 * 1024;
    /** 64 MiB: some dozens of requests' source and output images, a small share of a service's heap. */
    public static final long DEFAULT_IMAGE_CACHE_BYTES = 64L * 1024 * 1024;
    // S3's rule, checked here so a typo fails at start-up naming the setting rather than on the first request
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    public StorageSettings {
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalArgumentException("s3 endpoint is not set (config s3.endpoint / env S3_ENDPOINT)");
        }
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("s3 bucket is not set (config s3.bucket / env S3_BUCKET)");
        }
        if (!BUCKET_NAME.matcher(bucket).matches() || bucket.contains("..")) {
            throw new IllegalArgumentException("s3 bucket '" + bucket + "' is not a valid S3 bucket name (3-63 characters:"
                    + " lower-case letters, digits, '.' and '-'; config s3.bucket / env S3_BUCKET)");
        }
        region = region == null || region.isBlank() ? "us-east-1" : region;
        caFile = caFile == null || caFile.isBlank() ? null : caFile.trim();
        if (inlineTensorBytes < 0 || imageCacheBytes < 0) {
            throw new IllegalArgumentException("s3.inlineTensorBytes and s3.imageCacheBytes must be 0 (off) or more, are "
                    + inlineTensorBytes + " and " + imageCacheBytes);
        }
    }

    /** With the default inline threshold and image cache. */
    public StorageSettings(String endpoint, String accessKey, String secretKey, String bucket, String region, String caFile) {
        this(endpoint, accessKey, secretKey, bucket, region, caFile, DEFAULT_INLINE_TENSOR_BYTES, DEFAULT_IMAGE_CACHE_BYTES);
    }

    /** With the JVM's default trust store. */
    public StorageSettings(String endpoint, String accessKey, String secretKey, String bucket, String region) {
        this(endpoint, accessKey, secretKey, bucket, region, null);
    }

    /** From the {@code s3} config object: endpoint, accessKey, secretKey, bucket, region, caFile, inlineTensorBytes, imageCacheBytes. */
    public static StorageSettings fromMap(Map<String, ?> s3) {
        return new StorageSettings(str(s3, "endpoint"), str(s3, "accessKey"), str(s3, "secretKey"),
                str(s3, "bucket"), str(s3, "region"), str(s3, "caFile"),
                bytes(s3, "inlineTensorBytes", DEFAULT_INLINE_TENSOR_BYTES), bytes(s3, "imageCacheBytes", DEFAULT_IMAGE_CACHE_BYTES));
    }

    /** A number from JSON, or the string an environment variable gave; absent or blank: the default. */
    private static long bytes(Map<String, ?> map, String key, long fallback) {
        String value = str(map, key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("s3." + key + " must be a number of bytes, is '" + value + "'");
        }
    }

    private static String str(Map<String, ?> map, String key) {
        Object value = map == null ? null : map.get(key);
        return value == null ? null : value.toString();
    }

    @Override
    public String toString() {
        return "StorageSettings[endpoint=" + endpoint + ", bucket=" + bucket + ", region=" + region
                + (caFile == null ? "" : ", caFile=" + caFile) + ", inlineTensorBytes=" + inlineTensorBytes
                + ", imageCacheBytes=" + imageCacheBytes + "]";
    }
}
