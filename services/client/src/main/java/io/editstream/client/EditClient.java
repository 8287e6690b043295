package io.editstream.client;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A small client of the gateway's HTTP API (what a user's program would do): submit a multipart edit
 * request, read its status, download the result, and wait for a terminal state by following the edit's
 * server-sent events (polling the status only where a gateway refuses them).
 */
public final class EditClient {
    private static final long RETRY_MS = 100;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String apiKey;

    public EditClient(String baseUrl) {
        this(baseUrl, null);
    }

    /** A client that sends {@code apiKey} (an API key or a JWT; null = none) as {@code Authorization: Bearer}. */
    public EditClient(String baseUrl, String apiKey) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
    }

    /** A request to {@code path} with this client's credential. */
    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
        return apiKey == null ? builder : builder.header("Authorization", "Bearer " + apiKey);
    }

    /**
     * The gateway's answer to a submission: HTTP status, JSON body (id on 202, reason on 4xx), Location (202 only)
     * and Retry-After in seconds (a 503's, else null).
     */
    public record Submission(int status, JsonObject body, String location, String retryAfter) {
        public boolean accepted() {
            return status == 202;
        }

        public String id() {
            return body.getString("id");
        }
    }

    public Submission submit(byte[] image, String filename, String instruction, Map<String, String> fields)
            throws IOException, InterruptedException {
        return submit(image, filename, instruction, fields, null);
    }

    /** As above, with the ground-truth target image ({@code reference}, a benchmark's) when not null. */
    public Submission submit(byte[] image, String filename, String instruction, Map<String, String> fields, byte[] reference)
            throws IOException, InterruptedException {
        String boundary = "----editstream" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeFile(body, boundary, "image", filename, image);
        if (reference != null) {
            writeFile(body, boundary, "reference", "reference-" + filename, reference);
        }
        writeField(body, boundary, "instruction", instruction);
        for (Map.Entry<String, String> field : fields.entrySet()) {
            writeField(body, boundary, field.getKey(), field.getValue());
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = request("/v1/edits")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Submission(response.statusCode(), parse(response.body()), response.headers().firstValue("location").orElse(null),
                response.headers().firstValue("retry-after").orElse(null));
    }

    /** The status document, or null when the gateway does not know the id (yet). */
    public JsonObject status(String id) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(get("/v1/edits/" + id), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? parse(response.body()) : null;
    }

    public byte[] image(String id, String which) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(get("/v1/edits/" + id + "/" + which), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + which + " of " + id + " answered " + response.statusCode());
        }
        return response.body();
    }

    /**
     * Follows the edit's server-sent events until SCORED or FAILED, reporting every change; a stream the gateway
     * closes early is reopened (it starts with the current status). Throws once {@code timeout} has passed.
     */
    public JsonObject awaitTerminal(String id, Duration timeout, Consumer<JsonObject> onChange)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonObject[] last = {null};
        Consumer<JsonObject> changed = status -> {
            if (!status.equals(last[0])) {
                last[0] = status;
                onChange.accept(status);
            }
        };
        while (System.nanoTime() < deadline) {
            HttpRequest.Builder events = request("/v1/edits/" + id + "/events").timeout(Duration.ofDays(1));
            StatusStream.End end = StatusStream.follow(http, events, deadline, changed);
            if (end == StatusStream.End.TERMINAL) {
                return last[0];
            }
            if (end == StatusStream.End.REFUSED) {
                return poll(id, timeout, deadline, changed, last);
            }
            if (end == StatusStream.End.CLOSED) {
                Thread.sleep(Math.min(RETRY_MS, Math.max(0, (deadline - System.nanoTime()) / 1_000_000)));
            }
        }
        throw timedOut(id, timeout, last[0]);
    }

    /** The fallback for a gateway without server-sent events: the status every 50 ms. */
    private JsonObject poll(String id, Duration timeout, long deadline, Consumer<JsonObject> changed, JsonObject[] last)
            throws IOException, InterruptedException {
        while (System.nanoTime() < deadline) {
            JsonObject status = status(id);
            if (status != null) {
                changed.accept(status);
                if (isTerminal(status)) {
                    return status;
                }
            }
            Thread.sleep(RETRY_MS / 2);
        }
        throw timedOut(id, timeout, last[0]);
    }

    private static IOException timedOut(String id, Duration timeout, JsonObject last) {
        return new IOException("edit " + id + " did not finish within " + timeout.toSeconds() + " s; last status: " + last);
    }

    public static boolean isTerminal(JsonObject status) {
        String state = status.getString("state", "");
        return state.equals("SCORED") || state.equals("FAILED");
    }

    private HttpRequest get(String path) {
        return request(path).GET().build();
    }

    private static JsonObject parse(String body) {
        try {
            return body == null || body.isBlank() ? new JsonObject() : new JsonObject(body);
        } catch (RuntimeException e) {
            return new JsonObject().put("raw", body);
        }
    }

    private static void writeField(ByteArrayOutputStream out, String boundary, String name, String value) throws IOException {
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.write(value.getBytes(StandardCharsets.UTF_8));
        out.write("\r\n".getBytes(StandardCharsets.UTF_8));
    }

    private static void writeFile(ByteArrayOutputStream out, String boundary, String name, String filename, byte[] bytes)
            throws IOException {
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.UTF_8));
    }
}
