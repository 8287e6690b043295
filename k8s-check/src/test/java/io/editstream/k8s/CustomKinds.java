package io.editstream.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator kinds (Strimzi, KEDA), validated against the JSON schemas in k8s/schemas: written from the
 * operators' documented CRD fields, closed ({@code additionalProperties: false}) so a misspelled field fails.
 */
final class CustomKinds {
    /** kind → apiVersion; the schema is k8s/schemas/{kind, lower case}.schema.json. */
    static final Map<String, String> KINDS = Map.of(
            "Kafka", "kafka.strimzi.io/v1beta2",
            "KafkaNodePool", "kafka.strimzi.io/v1beta2",
            "KafkaTopic", "kafka.strimzi.io/v1beta2",
            "KafkaUser", "kafka.strimzi.io/v1beta2",
            "ScaledObject", "keda.sh/v1alpha1",
            "TriggerAuthentication", "keda.sh/v1alpha1");

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final Map<String, Schema> schemas = new HashMap<>();

    CustomKinds(Path schemaDir) {
        for (String kind : KINDS.keySet()) {
            Path file = schemaDir.resolve(kind.toLowerCase() + ".schema.json");
            try {
                schemas.put(kind, REGISTRY.getSchema(Files.readString(file), InputFormat.JSON));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the schema of " + kind + ": " + file, e);
            }
        }
    }

    /** Problems of one object of a kind in {@link #KINDS}, each naming the object and the field's JSON path. */
    List<String> validate(JsonNode object) {
        String id = Manifests.id(object);
        String kind = object.path("kind").asText();
        List<String> problems = new ArrayList<>();
        if (!KINDS.get(kind).equals(object.path("apiVersion").asText())) {
            problems.add(id + ": apiVersion must be " + KINDS.get(kind) + ", got '" + object.path("apiVersion").asText() + "'");
        }
        for (Error error : schemas.get(kind).validate(object.toString(), InputFormat.JSON)) {
            problems.add(id + ": " + error);
        }
        return problems;
    }
}
