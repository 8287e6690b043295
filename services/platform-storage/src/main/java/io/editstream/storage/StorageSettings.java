package io.editstream.storage;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where the S3-compatible endpoint is, how to sign requests to it, which bucket holds our objects, and optionally
 * the CA certificate (PEM) an https endpoint's certificate is checked against, for an in-house CA or a self-signed
 * endpoint; without one the JVM's default trust store decides.
 */
public record StorageSettings(String endpoint, String accessKey, String secretKey, String bucket, String region, String caFile) {
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
    }

    /** With the JVM's default trust store. */
    public StorageSettings(String endpoint, String accessKey, String secretKey, String bucket, String region) {
        this(endpoint, accessKey, secretKey, bucket, region, null);
    }

    /** From the {@code s3} config object: endpoint, accessKey, secretKey, bucket, region, caFile. */
    public static StorageSettings fromMap(Map<String, ?> s3) {
        return new StorageSettings(str(s3, "endpoint"), str(s3, "accessKey"), str(s3, "secretKey"),
                str(s3, "bucket"), str(s3, "region"), str(s3, "caFile"));
    }

    private static String str(Map<String, ?> map, String key) {
        Object value = map == null ? null : map.get(key);
        return value == null ? null : value.toString();
    }

    @Override
    public String toString() {
        return "StorageSettings[endpoint=" + endpoint + ", bucket=" + bucket + ", region=" + region
                + (caFile == null ? "" : ", caFile=" + caFile) + "]";
    }
}
