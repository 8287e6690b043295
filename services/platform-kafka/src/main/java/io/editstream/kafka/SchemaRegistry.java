package io.editstream.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A client of a Confluent-compatible schema registry (Confluent Schema Registry, Apicurio's ccompat API, Karapace,
 * Redpanda), over its REST API: a subject's compatibility is set to BACKWARD and its schema registered, an id is
 * looked up once and cached, and so is the schema of every id a reader meets. Records then use the Confluent wire
 * format (magic byte 0, the 4-byte schema id, the Avro body) that non-Java clients expect.
 *
 * <p>One registry serves a JVM: {@link #activate} makes it the one every topic serde writes with, until the last
 * service that activated it closes its handle (local mode runs six services in one JVM).
 */
public final class SchemaRegistry {
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Object LOCK = new Object();
    private static volatile SchemaRegistry active;
    private static int users;

    private final String url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Registered ids by subject and schema: a record's encode looks its id up here, so the key must be cheap. */
    private final Map<Registration, Integer> ids = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();

    public SchemaRegistry(String url) {
        this.url = withoutTrailingSlash(url);
    }

    /** The registry serdes write with now; null when records use Avro's single-object encoding. */
    public static SchemaRegistry current() {
        return active;
    }

    /** Makes the registry at {@code url} the JVM's until the handle closes (a second user of the same URL shares it). */
    public static AutoCloseable activate(String url) {
        synchronized (LOCK) {
            if (active != null && !active.url.equals(withoutTrailingSlash(url))) {
                throw new IllegalStateException("this JVM already writes with the schema registry at " + active.url);
            }
            if (active == null) {
                active = new SchemaRegistry(url);
            }
            users++;
        }
        return () -> {
            synchronized (LOCK) {
                if (--users == 0) {
                    active = null;
                }
            }
        };
    }

    /**
     * For a service whose {@code kafka} config section names {@code schemaRegistry.url}: activates that registry and
     * registers the schemas of the topics the service writes, so a schema the registry refuses (not BACKWARD
     * compatible) stops the service at start rather than at its first record. Without a URL, nothing (single-object
     * encoding). Close the handle when the service stops.
     */
    public static AutoCloseable forService(Map<String, ?> kafka, List<? extends Topic<?>> written) {
        Map<String, ?> section = KafkaSettings.section(kafka, "schemaRegistry");
        Object url = section == null ? null : section.get("url");
        if (url == null || url.toString().isBlank()) {
            return () -> { };
        }
        AutoCloseable handle = activate(url.toString().trim());
        try {
            for (Topic<?> topic : written) {
                active.idFor(subject(topic.name()), SpecificData.get().getSchema(topic.type()));
            }
        } catch (RuntimeException e) {
            try {
                handle.close();
            } catch (Exception ignored) {
                // closing a handle only counts users down
            }
            throw e;
        }
        return handle;
    }

    public String url() {
        return url;
    }

    /** The subject a topic's values are registered under (Confluent's TopicNameStrategy). */
    public static String subject(String topic) {
        return topic + "-value";
    }

    /** The id of {@code schema} under {@code subject}: registered (BACKWARD compatibility first) the first time it is asked for. */
    public int idFor(String subject, Schema schema) {
        return ids.computeIfAbsent(new Registration(subject, schema), k -> register(subject, schema));
    }

    /** A subject and a schema; the schemas are the generated classes' own instances, so equality is mostly identity. */
    private record Registration(String subject, Schema schema) {
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The writer schema a record's id names. */
    public Schema schema(int id) {
        return schemas.computeIfAbsent(id, i -> {
            JsonNode body = call("GET", "/schemas/ids/" + i, null, "look up schema id " + i);
            return new Schema.Parser().parse(body.path("schema").asText());
        });
    }

    private int register(String subject, Schema schema) {
        String path = "/subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8);
        ObjectNode compatibility = JSON.createObjectNode().put("compatibility", "BACKWARD");
        call("PUT", "/config/" + URLEncoder.encode(subject, StandardCharsets.UTF_8), compatibility, "set BACKWARD compatibility of " + subject);
        ObjectNode request = JSON.createObjectNode().put("schema", schema.toString());
        int id = call("POST", path + "/versions", request, "register the schema of " + subject).path("id").asInt(-1);
        if (id < 0) {
            throw new SerializationException("schema registry " + url + " registered " + subject + " but answered no id");
        }
        schemas.putIfAbsent(id, schema);
        return id;
    }

    private JsonNode call(String method, String path, JsonNode body, String what) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(10))
                .header("Accept", CONTENT_TYPE);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", CONTENT_TYPE).method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode answer = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
            if (response.statusCode() / 100 != 2) {
                // the registry's error body: {"error_code": 409, "message": "Schema being registered is incompatible ..."}
                throw new SerializationException("schema registry " + url + " refused to " + what + " (" + response.statusCode()
                        + "): " + answer.path("message").asText(response.body()));
            }
            return answer;
        } catch (IOException e) {
            throw new SerializationException("cannot reach schema registry " + url + " to " + what + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SerializationException("interrupted while asking schema registry " + url + " to " + what, e);
        }
    }
}
