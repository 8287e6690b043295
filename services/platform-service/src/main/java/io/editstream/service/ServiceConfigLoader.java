package io.editstream.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A service's configuration, layered from weakest to strongest: the defaults file on the classpath
 * ({@code /<service>.json}), the JSON file named by {@code EDITSTREAM_CONFIG}, environment variables
 * (the names Kubernetes ConfigMaps set), and the deployment config given by whoever deployed the
 * verticle (local mode, tests). Objects merge deeply, so a layer changes only the keys it names.
 */
public final class ServiceConfigLoader {
    /** Environment variable → path in the config object. */
    static final Map<String, List<String>> ENV = Map.of(
            "HTTP_PORT", List.of("http", "port"),
            "KAFKA_BOOTSTRAP", List.of("kafka", "bootstrap"),
            "S3_ENDPOINT", List.of("s3", "endpoint"),
            "S3_ACCESS_KEY", List.of("s3", "accessKey"),
            "S3_SECRET_KEY", List.of("s3", "secretKey"),
            "S3_BUCKET", List.of("s3", "bucket"),
            "S3_REGION", List.of("s3", "region"),
            "MODEL_BUNDLE", List.of("model", "bundle"),
            "MODEL_DEVICE", List.of("model", "device"));

    private ServiceConfigLoader() {
    }

    public static Future<JsonObject> load(Vertx vertx, String service, JsonObject deploymentConfig) {
        return vertx.executeBlocking(() -> layered(service, System.getenv(), deploymentConfig));
    }

    /** The pure layering, for tests: defaults < file named by EDITSTREAM_CONFIG < env < deployment config. */
    static JsonObject layered(String service, Map<String, String> env, JsonObject deploymentConfig) throws IOException {
        JsonObject config = defaults(service);
        String file = env.get("EDITSTREAM_CONFIG");
        if (file != null && !file.isBlank()) {
            try {
                deepMerge(config, new JsonObject(java.nio.file.Files.readString(java.nio.file.Path.of(file))));
            } catch (IOException | RuntimeException e) {
                throw new IOException("cannot read EDITSTREAM_CONFIG file " + file + ": " + e.getMessage(), e);
            }
        }
        deepMerge(config, fromEnv(env));
        if (deploymentConfig != null) {
            deepMerge(config, deploymentConfig);
        }
        return config;
    }

    static JsonObject defaults(String service) throws IOException {
        try (InputStream in = ServiceConfigLoader.class.getResourceAsStream("/" + service + ".json")) {
            return in == null ? new JsonObject() : new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    static JsonObject fromEnv(Map<String, String> env) {
        JsonObject config = new JsonObject();
        ENV.forEach((name, path) -> {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                JsonObject parent = config;
                for (String key : path.subList(0, path.size() - 1)) {
                    parent = parent.containsKey(key) ? parent.getJsonObject(key) : put(parent, key);
                }
                String leaf = path.get(path.size() - 1);
                parent.put(leaf, leaf.equals("port") ? Integer.valueOf(value.trim()) : value.trim());
            }
        });
        return config;
    }

    private static JsonObject put(JsonObject parent, String key) {
        JsonObject child = new JsonObject();
        parent.put(key, child);
        return child;
    }

    /** Merges {@code overlay} into {@code base}: nested objects key by key, anything else replaced. */
    static JsonObject deepMerge(JsonObject base, JsonObject overlay) {
        for (String key : overlay.fieldNames()) {
            Object value = overlay.getValue(key);
            if (value instanceof JsonObject child && base.getValue(key) instanceof JsonObject existing) {
                deepMerge(existing, child);
            } else {
                base.put(key, value);
            }
        }
        return base;
    }
}
