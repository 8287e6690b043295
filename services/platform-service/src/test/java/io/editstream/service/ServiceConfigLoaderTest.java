package io.editstream.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layering through a real ConfigRetriever: defaults < the models folder's editstream.json < EDITSTREAM_CONFIG file < env
 * < deployment config.
 */
class ServiceConfigLoaderTest {
    static Vertx vertx;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static JsonObject await(Future<JsonObject> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void eachLayerOverridesOnlyTheKeysItNames() throws Exception {
        Path file = dir.resolve("override.json");
        Files.writeString(file, "{\"kafka\":{\"bootstrap\":\"file:9092\"},\"s3\":{\"bucket\":\"from-file\",\"region\":\"eu-west-1\"},"
                + "\"http\":{\"port\":7000}}");
        Map<String, String> env = Map.of("EDITSTREAM_CONFIG", file.toString(), "S3_BUCKET", "from-env",
                "HTTP_PORT", "9000", "MODEL_DEVICE", "cpu", "MODEL_BUNDLE", "/env/bundle");
        JsonObject deployment = new JsonObject().put("model", new JsonObject().put("bundle", "/models/x"));

        JsonObject config = await(ServiceConfigLoader.load(vertx, "test-service", env, deployment));

        assertThat(config.getJsonObject("kafka").getString("bootstrap")).isEqualTo("file:9092");        // file beats defaults
        assertThat(config.getJsonObject("kafka").getInteger("partitions")).isEqualTo(3);                // default kept beside it
        assertThat(config.getJsonObject("s3").getString("bucket")).isEqualTo("from-env");               // env beats file
        assertThat(config.getJsonObject("s3").getString("region")).isEqualTo("eu-west-1");              // file kept beside env
        assertThat(config.getJsonObject("http").getInteger("port")).isEqualTo(9000);                    // env port is a number
        assertThat(config.getJsonObject("model").getString("device")).isEqualTo("cpu");
        assertThat(config.getJsonObject("model").getString("bundle")).isEqualTo("/models/x");           // deployment wins
    }

    @Test
    void withNothingSetTheDefaultsFileIsTheConfig() throws Exception {
        JsonObject config = await(ServiceConfigLoader.load(vertx, "test-service", Map.of(), null));
        assertThat(config.getJsonObject("http").getInteger("port")).isEqualTo(8123);
        assertThat(config.getJsonObject("kafka").getString("bootstrap")).isEqualTo("default:9092");
        assertThat(await(ServiceConfigLoader.load(vertx, "no-such-service", Map.of(), null))).isEqualTo(new JsonObject());
    }

    @Test
    void theDeploymentConfigIsNotChangedByLoading() throws Exception {
        JsonObject deployment = new JsonObject().put("http", new JsonObject().put("port", 0));
        JsonObject config = await(ServiceConfigLoader.load(vertx, "test-service", Map.of("S3_ENDPOINT", "http://s3:9000"), deployment));
        assertThat(config.getJsonObject("http").getInteger("port")).isZero();
        assertThat(config.getJsonObject("s3").getString("endpoint")).isEqualTo("http://s3:9000");
        assertThat(deployment).isEqualTo(new JsonObject().put("http", new JsonObject().put("port", 0)));
    }

    @Test
    void aMissingConfigFileFailsTheLoadAndIsNamed() {
        String absent = dir.resolve("absent.json").toString();
        assertThatThrownBy(() -> await(ServiceConfigLoader.load(vertx, "test-service", Map.of("EDITSTREAM_CONFIG", absent), null)))
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("absent.json");
    }

    @Test
    void aBadPortInTheEnvironmentIsACleanError() {
        assertThatThrownBy(() -> await(ServiceConfigLoader.load(vertx, "test-service", Map.of("HTTP_PORT", "eighty"), null)))
                .hasMessageContaining("HTTP_PORT must be a port number").hasMessageContaining("eighty");
    }

    @Test
    void theVariableNamesAreTheOnesDeploymentsSet() {
        // the names in k8s/ and the README: a changed derivation rule must not rename any of them
        assertThat(ServiceConfigLoader.ENV.keySet()).containsExactlyInAnyOrder("HTTP_PORT", "KAFKA_BOOTSTRAP",
                "KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM", "KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD",
                "KAFKA_SSL_TRUSTSTORE", "KAFKA_SSL_TRUSTSTORE_PASSWORD", "KAFKA_SCHEMA_REGISTRY_URL",
                "S3_ENDPOINT", "S3_ACCESS_KEY", "S3_SECRET_KEY", "S3_BUCKET", "S3_REGION", "S3_CA_FILE", "S3_INLINE_TENSOR_BYTES", "S3_IMAGE_CACHE_BYTES", "MODEL_BUNDLE", "MODEL_DEVICE",
                "TRACING_OTLP_ENDPOINT", "STREAMS_ADVERTISED_HOST", "STREAMS_STATE_DIR", "KAFKA_INSTANCE_ID",
                "REASONER_OPENAI_URL", "REASONER_OPENAI_MODEL", "REASONER_OPENAI_API_KEY",
                "SCORER_JUDGE_URL", "SCORER_JUDGE_MODEL", "SCORER_JUDGE_API_KEY",
                "AUTH_MODE", "AUTH_KEYS_FILE", "AUTH_ALLOW_ANONYMOUS", "AUTH_JWT_JWKS_URL", "AUTH_JWT_ISSUER", "AUTH_JWT_AUDIENCE",
                "AUTH_JWT_TENANT_CLAIM", "QUOTAS_REQUESTS_PER_SECOND", "QUOTAS_BURST", "QUOTAS_IN_FLIGHT");
        assertThat(ServiceConfigLoader.ENV.get("AUTH_KEYS_FILE")).containsExactly("auth", "keysFile");
        assertThat(ServiceConfigLoader.ENV.get("S3_ACCESS_KEY")).containsExactly("s3", "accessKey");
        assertThat(ServiceConfigLoader.ENV.get("KAFKA_SASL_PASSWORD")).containsExactly("kafka", "sasl", "password");
        assertThat(ServiceConfigLoader.ENV.get("KAFKA_SSL_TRUSTSTORE_PASSWORD")).containsExactly("kafka", "ssl", "truststorePassword");
        assertThat(ServiceConfigLoader.ENV.get("REASONER_OPENAI_API_KEY")).containsExactly("reasoner", "openai", "apiKey");
        assertThat(ServiceConfigLoader.ENV.get("KAFKA_SCHEMA_REGISTRY_URL")).containsExactly("kafka", "schemaRegistry", "url");
        assertThat(ServiceConfigLoader.ENV.get("TRACING_OTLP_ENDPOINT")).containsExactly("tracing", "otlpEndpoint");
    }

    @Test
    void theOpenAiEndpointVariablesNestUnderTheirSections() {
        for (String[] v : new String[][] {{"REASONER_OPENAI", "reasoner", "openai"}, {"SCORER_JUDGE", "scorer", "judge"}}) {
            JsonObject config = ServiceConfigLoader.fromEnv(Map.of(v[0] + "_URL", " http://vlm:8000/v1 ",
                    v[0] + "_MODEL", "Qwen/Qwen2.5-VL-7B-Instruct", v[0] + "_API_KEY", "token"));
            JsonObject section = config.getJsonObject(v[1]).getJsonObject(v[2]);
            assertThat(section.getString("url")).as(v[0]).isEqualTo("http://vlm:8000/v1");
            assertThat(section.getString("model")).isEqualTo("Qwen/Qwen2.5-VL-7B-Instruct");
            assertThat(section.getString("apiKey")).isEqualTo("token");
        }
    }

    @Test
    void theModelsFolderSettingsSitBetweenTheDefaultsAndTheConfigFile() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        Files.writeString(models.resolve(ServiceConfigLoader.MODELS_CONFIG),
                "{\"cues\":{\"regions\":\"sam\"},\"kafka\":{\"bootstrap\":\"models:9092\"},\"s3\":{\"bucket\":\"from-models\"}}");
        Path file = dir.resolve("override.json");
        Files.writeString(file, "{\"s3\":{\"bucket\":\"from-file\"}}");
        String previous = System.getProperty(ServiceConfigLoader.MODELS_VARIABLE);
        System.setProperty(ServiceConfigLoader.MODELS_VARIABLE, models.toString());
        try {
            JsonObject config = await(ServiceConfigLoader.load(vertx, "test-service", Map.of("EDITSTREAM_CONFIG", file.toString()), null));
            assertThat(config.getJsonObject("cues").getString("regions")).isEqualTo("sam");                  // only the models folder says it
            assertThat(config.getJsonObject("kafka").getString("bootstrap")).isEqualTo("models:9092");      // beats the defaults
            assertThat(config.getJsonObject("kafka").getInteger("partitions")).isEqualTo(3);                // default kept beside it
            assertThat(config.getJsonObject("s3").getString("bucket")).isEqualTo("from-file");              // EDITSTREAM_CONFIG beats it

            Files.writeString(models.resolve(ServiceConfigLoader.MODELS_CONFIG), "{\"cues\": ");
            assertThatThrownBy(() -> await(ServiceConfigLoader.load(vertx, "test-service", Map.of(), null)))
                    .isInstanceOf(ExecutionException.class)
                    .hasMessageContaining(models.resolve(ServiceConfigLoader.MODELS_CONFIG).toString());
        } finally {
            if (previous == null) {
                System.clearProperty(ServiceConfigLoader.MODELS_VARIABLE);
            } else {
                System.setProperty(ServiceConfigLoader.MODELS_VARIABLE, previous);
            }
        }
        // a models folder without the file (the build's models/fixtures) adds no layer
        assertThat(ServiceConfigLoader.modelsConfig(Map.of())).isNull();
    }
}
