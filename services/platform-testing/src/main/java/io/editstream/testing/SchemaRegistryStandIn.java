package io.editstream.testing;

import com.sun.net.httpserver.HttpExchange;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * An in-test HTTP server on localhost standing in for a Confluent-compatible schema registry (Confluent Schema
 * Registry; Apicurio's ccompat API and Karapace answer the same): the endpoints and bodies of its REST API that a
 * producer and consumer use, in {@code application/vnd.schemaregistry.v1+json}. {@code PUT /config/{subject}} sets a
 * subject's compatibility; {@code POST /subjects/{subject}/versions} registers a schema (the same schema again gets
 * its id back; one the subject's BACKWARD rule refuses gets 409 with error code 409, checked with Avro's own
 * reader/writer compatibility); {@code GET /schemas/ids/{id}} answers the schema of an id (404, code 40403, for an
 * unknown one); {@code GET /subjects}, {@code /subjects/{subject}/versions} and {@code /config/{subject}} list.
 */
public final class SchemaRegistryStandIn implements AutoCloseable {
    private static final String TYPE = "application/vnd.schemaregistry.v1+json";
    private final LocalHttpServer server;
    private final List<String> schemas = new ArrayList<>();              // id - 1 → schema text
    private final Map<String, List<Integer>> subjects = new LinkedHashMap<>();   // subject → ids by version
    private final Map<String, String> compatibility = new LinkedHashMap<>();

    public SchemaRegistryStandIn() throws IOException {
        server = new LocalHttpServer(0, Map.of("/", this::handle));
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    public synchronized Map<String, List<Integer>> subjects() {
        Map<String, List<Integer>> copy = new LinkedHashMap<>();
        subjects.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return copy;
    }

    public synchronized String compatibility(String subject) {
        return compatibility.getOrDefault(subject, "BACKWARD");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String[] path = exchange.getRequestURI().getRawPath().substring(1).split("/");
            for (int i = 0; i < path.length; i++) {
                path[i] = URLDecoder.decode(path[i], StandardCharsets.UTF_8);
            }
            String method = exchange.getRequestMethod();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            synchronized (this) {
                if (method.equals("PUT") && path.length == 2 && path[0].equals("config")) {
                    String level = new JsonObject(body).getString("compatibility");
                    compatibility.put(path[1], level);
                    answer(exchange, 200, new JsonObject().put("compatibility", level));
                } else if (method.equals("GET") && path.length == 2 && path[0].equals("config")) {
                    answer(exchange, 200, new JsonObject().put("compatibilityLevel", compatibility(path[1])));
                } else if (method.equals("POST") && path.length == 3 && path[0].equals("subjects") && path[2].equals("versions")) {
                    register(exchange, path[1], new JsonObject(body).getString("schema"));
                } else if (method.equals("GET") && path.length == 3 && path[0].equals("schemas") && path[1].equals("ids")) {
                    int id = Integer.parseInt(path[2]);
                    if (id < 1 || id > schemas.size()) {
                        answer(exchange, 404, error(40403, "Schema " + id + " not found"));
                    } else {
                        answer(exchange, 200, new JsonObject().put("schema", schemas.get(id - 1)));
                    }
                } else if (method.equals("GET") && path.length == 1 && path[0].equals("subjects")) {
                    answer(exchange, 200, new JsonArray(new ArrayList<>(subjects.keySet())));
                } else if (method.equals("GET") && path.length == 3 && path[0].equals("subjects") && path[2].equals("versions")) {
                    List<Integer> versions = subjects.get(path[1]);
                    if (versions == null) {
                        answer(exchange, 404, error(40401, "Subject '" + path[1] + "' not found."));
                    } else {
                        JsonArray numbers = new JsonArray();
                        for (int v = 1; v <= versions.size(); v++) {
                            numbers.add(v);
                        }
                        answer(exchange, 200, numbers);
                    }
                } else {
                    answer(exchange, 404, error(404, "HTTP 404 Not Found"));
                }
            }
        } catch (RuntimeException e) {
            answer(exchange, 422, error(42201, "Invalid schema: " + e.getMessage()));
        }
    }

    private void register(HttpExchange exchange, String subject, String text) throws IOException {
        Schema schema = new Schema.Parser().parse(text);
        List<Integer> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
        for (int id : versions) {
            if (new Schema.Parser().parse(schemas.get(id - 1)).equals(schema)) {
                answer(exchange, 200, new JsonObject().put("id", id));
                return;
            }
        }
        if (!versions.isEmpty() && compatibility(subject).startsWith("BACKWARD")) {
            Schema latest = new Schema.Parser().parse(schemas.get(versions.get(versions.size() - 1) - 1));
            var result = SchemaCompatibility.checkReaderWriterCompatibility(schema, latest);
            if (result.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                answer(exchange, 409, error(409, "Schema being registered is incompatible with an earlier schema for subject \""
                        + subject + "\", details: " + result.getResult().getIncompatibilities()));
                return;
            }
        }
        int id = schemas.indexOf(schema.toString()) + 1;
        if (id == 0) {
            schemas.add(schema.toString());
            id = schemas.size();
        }
        versions.add(id);
        answer(exchange, 200, new JsonObject().put("id", id));
    }

    private static JsonObject error(int code, String message) {
        return new JsonObject().put("error_code", code).put("message", message);
    }

    private static void answer(HttpExchange exchange, int status, Object json) throws IOException {
        byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", TYPE);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
