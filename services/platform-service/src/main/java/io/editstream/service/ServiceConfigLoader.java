package io.editstream.service;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's configuration, layered from weakest to strongest: the defaults file on the classpath
 * ({@code /<service>.json}), the models folder's own settings ({@value #MODELS_CONFIG} in the folder
 * {@code EDITSTREAM_MODELS} names, when it has one: what its bundles need, e.g. SAM regions for a folder with
 * {@code sam/}), the JSON file named by {@code EDITSTREAM_CONFIG}, environment variables (the names Kubernetes
 * ConfigMaps set, mapped into the nested shape), and the deployment config given by whoever deployed the verticle
 * (local mode, tests). A Vert.x {@link ConfigRetriever} merges the layers deeply, so a layer changes only the keys
 * it names; a config file that is there but cannot be read fails the load rather than silently running on defaults.
 */
public final class ServiceConfigLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceConfigLoader.class);
    /** The models folder variable (system property first, as the bundle lookup reads it) and its settings file. */
    static final String MODELS_VARIABLE = "EDITSTREAM_MODELS";
    public static final String MODELS_CONFIG = "editstream.json";
    private static final Set<Path> ANNOUNCED = ConcurrentHashMap.newKeySet();
    /**
     * Environment variable → path in the config object. A path's variable is its keys in upper snake case joined by
     * '_' (s3.accessKey ← S3_ACCESS_KEY), so the table names each path once.
     */
    static final Map<String, List<String>> ENV = byEnvName(
            "http.port", "kafka.bootstrap",
            // encrypted, authenticated transport: the password and secret keys come from a Kubernetes secret
            "kafka.securityProtocol", "kafka.sasl.mechanism", "kafka.sasl.username", "kafka.sasl.password",
            "kafka.ssl.truststore", "kafka.ssl.truststorePassword",
            // a Confluent-compatible schema registry: topics then carry the Confluent wire format
            "kafka.schemaRegistry.url",
            "s3.endpoint", "s3.accessKey", "s3.secretKey", "s3.bucket", "s3.region", "s3.caFile",
            // what travels inline and what stays cached (bytes; 0 turns either off)
            "s3.inlineTensorBytes", "s3.imageCacheBytes",
            "model.bundle", "model.device",
            // where spans go (an OpenTelemetry collector's OTLP/HTTP base URL); OTEL_EXPORTER_OTLP_ENDPOINT also works
            "tracing.otlpEndpoint",
            // a gateway replica's address for its peers (interactive queries); in Kubernetes, the pod IP
            "streams.advertisedHost",
            // one process of several replicas on a host: its own Streams state folder, its stable group member id
            "streams.stateDir", "kafka.instanceId",
            // read by the reasoner (its backend) and by the enhancer (which pairs that backend with text-encoder mode)
            "reasoner.openai.url", "reasoner.openai.model", "reasoner.openai.apiKey",
            // the scorer's VLM judge
            "scorer.judge.url", "scorer.judge.model", "scorer.judge.apiKey",
            // the gateway: who may call it (a keys file mounted from a secret, or an identity provider's JWKS) and how much
            "auth.mode", "auth.keysFile", "auth.allowAnonymous", "auth.jwt.jwksUrl", "auth.jwt.issuer", "auth.jwt.audience",
            "auth.jwt.tenantClaim", "quotas.requestsPerSecond", "quotas.burst", "quotas.inFlight");

    private ServiceConfigLoader() {
    }

    public static Future<JsonObject> load(Vertx vertx, String service, JsonObject deploymentConfig) {
        return load(vertx, service, System.getenv(), deploymentConfig);
    }

    /** As {@link #load(Vertx, String, JsonObject)} with the environment given (tests). */
    static Future<JsonObject> load(Vertx vertx, String service, Map<String, String> env, JsonObject deploymentConfig) {
        ConfigRetrieverOptions options;
        try {
            options = options(service, env, deploymentConfig);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
        String file = env.get("EDITSTREAM_CONFIG");
        Path models = modelsConfig(env);
        if (models != null && ANNOUNCED.add(models)) {
            LOG.info("settings of the models folder: {} (over the services' defaults, under EDITSTREAM_CONFIG and the environment)",
                    models);
        }
        return retriever.getConfig()
                .recover(e -> Future.failedFuture(new IllegalArgumentException("cannot load the " + service
                        + " configuration" + (file == null || file.isBlank() ? "" : " (EDITSTREAM_CONFIG=" + file + ")")
                        + (models == null ? "" : " (models folder settings " + models + ")")
                        + ": " + e.getMessage(), e)))
                .andThen(done -> retriever.close());
    }

    /**
     * {@value #MODELS_CONFIG} in the models folder ({@code EDITSTREAM_MODELS}: the system property, else the
     * variable), when that folder is set and has one; else null.
     */
    static Path modelsConfig(Map<String, String> env) {
        String folder = System.getProperty(MODELS_VARIABLE, env.get(MODELS_VARIABLE));
        if (folder == null || folder.isBlank()) {
            return null;
        }
        Path file = Path.of(folder.trim()).resolve(MODELS_CONFIG).toAbsolutePath().normalize();
        return Files.isRegularFile(file) ? file : null;
    }

    /** The stores, weakest first; the retriever merges later stores over earlier ones. */
    static ConfigRetrieverOptions options(String service, Map<String, String> env, JsonObject deploymentConfig) {
        // no rescans: the config is read once at start; a changed ConfigMap means a new pod
        ConfigRetrieverOptions options = new ConfigRetrieverOptions().setScanPeriod(0).setIncludeDefaultStores(false);
        options.addStore(json(defaults(service)));
        Path models = modelsConfig(env);
        if (models != null) {
            options.addStore(new ConfigStoreOptions().setType("file").setFormat("json").setOptional(false)
                    .setConfig(new JsonObject().put("path", models.toString())));
        }
        String file = env.get("EDITSTREAM_CONFIG");
        if (file != null && !file.isBlank()) {
            options.addStore(new ConfigStoreOptions().setType("file").setFormat("json").setOptional(false)
                    .setConfig(new JsonObject().put("path", file.trim())));
        }
        options.addStore(json(fromEnv(env)));
        options.addStore(json(deploymentConfig == null ? new JsonObject() : deploymentConfig.copy()));
        return options;
    }

    private static ConfigStoreOptions json(JsonObject config) {
        return new ConfigStoreOptions().setType("json").setConfig(config);
    }

    /** The classpath defaults read here (not by a file store) so a same-named file in the working dir cannot shadow them. */
    static JsonObject defaults(String service) {
        try (InputStream in = ServiceConfigLoader.class.getResourceAsStream("/" + service + ".json")) {
            return in == null ? new JsonObject() : new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the defaults /" + service + ".json: " + e.getMessage(), e);
        }
    }

    private static Map<String, List<String>> byEnvName(String... paths) {
        Map<String, List<String>> names = new LinkedHashMap<>();
        for (String path : paths) {
            List<String> keys = List.of(path.split("\\."));
            names.put(keys.stream().map(k -> k.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT))
                    .collect(Collectors.joining("_")), keys);
        }
        return Collections.unmodifiableMap(names);
    }

    static JsonObject fromEnv(Map<String, String> env) {
        JsonObject config = new JsonObject();
        ENV.forEach((name, path) -> {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                JsonObject parent = config;
                for (String key : path.subList(0, path.size() - 1)) {
                    if (!parent.containsKey(key)) {
                        parent.put(key, new JsonObject());
                    }
                    parent = parent.getJsonObject(key);
                }
                String leaf = path.get(path.size() - 1);
                parent.put(leaf, leaf.equals("port") ? port(name, value.trim()) : value.trim());
            }
        });
        return config;
    }

    private static int port(String name, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a port number from 0 to 65535, got '" + value + "'");
    }
}
