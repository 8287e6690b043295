package io.editstream.testing;

import io.editstream.service.ServiceHttp;
import io.editstream.storage.StorageSettings;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;

/**
 * A service under test, configured as a pod would be but against the shared test broker and S3: a random
 * HTTP port, two partitions per topic, its own bucket, the bundled model on the CPU.
 */
public final class TestServices {
    private TestServices() {
    }

    public static JsonObject config(String bucket) {
        StorageSettings s3 = TestInfra.storageSettings(bucket);
        return new JsonObject()
                .put("http", new JsonObject().put("port", 0))
                .put("kafka", new JsonObject().put("bootstrap", TestInfra.kafka().bootstrapServers()).put("partitions", 2))
                .put("s3", new JsonObject().put("endpoint", s3.endpoint()).put("accessKey", s3.accessKey())
                        .put("secretKey", s3.secretKey()).put("bucket", s3.bucket()).put("region", s3.region()))
                .put("model", new JsonObject().put("bundle", "").put("device", "cpu"));
    }

    /** Deploys the verticle on a new Vert.x (metrics to the service registry) and waits for it; the caller closes the Vert.x. */
    public static Vertx deploy(Deployable verticle, JsonObject config) {
        Vertx vertx = ServiceHttp.newVertx();
        vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)).await();
        return vertx;
    }

    /** The Vert.x as a resource for try-with-resources: closing it undeploys the service and waits up to 30 s. */
    public static AutoCloseable closing(Vertx vertx) {
        return () -> vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
