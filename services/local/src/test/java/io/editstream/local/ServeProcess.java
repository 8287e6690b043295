package io.editstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * {@code editstream serve} as its own OS process, started from the packaged {@code target/editstream.jar} as a
 * user would (tests run in failsafe after {@code package}), on the fixture models; with plain-JDK HTTP helpers,
 * so the tests depend on nothing but the command line, HTTP and {@code connection.env}.
 */
record ServeProcess(Process process, Path dataDir, Path log) implements AutoCloseable {
    static final Path JAR = Path.of("target", "editstream.jar").toAbsolutePath();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Starts {@code serve --data-dir dataDir --port 0} and waits until it has written its connection.env. */
    static ServeProcess start(Path dataDir, String logName, Duration timeout) throws Exception {
        assertThat(JAR).as("the packaged command (mvn package builds it before the integration tests)").exists();
        Files.createDirectories(dataDir);
        Path connection = dataDir.resolve(ConnectionFile.NAME);
        Files.deleteIfExists(connection);
        Path log = Path.of("target", logName).toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1500m",
                "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.editstream.events"));
        String models = System.getProperty("EDITSTREAM_MODELS", System.getenv("EDITSTREAM_MODELS"));
        if (models != null) {
            command.add("-DEDITSTREAM_MODELS=" + models);
        }
        command.addAll(List.of("-jar", JAR.toString(), "serve", "--data-dir", dataDir.toString(), "--port", "0"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // the embedded S3's credentials come from the data folder, not from whatever the test's environment holds
        builder.environment().remove("S3_ACCESS_KEY");
        builder.environment().remove("S3_SECRET_KEY");
        Process process = builder.start();
        ServeProcess serve = new ServeProcess(process, dataDir, log);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.exists(connection)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("serve exited with " + process.exitValue() + "; log " + log + ":\n" + serve.logTail());
            }
            if (System.nanoTime() > deadline) {
                serve.kill();
                throw new IllegalStateException("serve did not come up within " + timeout.toSeconds() + " s; log " + log + ":\n" + serve.logTail());
            }
            Thread.sleep(200);
        }
        return serve;
    }

    Map<String, String> connection() throws IOException {
        return ConnectionFile.read(dataDir.resolve(ConnectionFile.NAME));
    }

    String gatewayUrl() throws IOException {
        return connection().get("GATEWAY_URL");
    }

    /** kill -9: no shutdown hook runs, nothing is flushed or closed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    /** POST /v1/edits (multipart); returns the HTTP status and body. */
    static HttpResponse<String> submit(String gateway, byte[] png, String instruction, Map<String, String> fields) throws Exception {
        String boundary = "----editstream" + UUID.randomUUID();
        var body = new java.io.ByteArrayOutputStream();
        part(body, boundary, "instruction", instruction);
        for (var field : fields.entrySet()) {
            part(body, boundary, field.getKey(), field.getValue());
        }
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"scene.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(png);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + "/v1/edits"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void part(java.io.ByteArrayOutputStream body, String boundary, String name, String value) throws IOException {
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** GET /v1/edits/{id}: the status JSON, or null when unknown (404) or unreachable. */
    static String status(String gateway, String id) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/v1/edits/" + id))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
