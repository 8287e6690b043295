package io.editstream.testing;

import com.sun.net.httpserver.HttpExchange;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-test HTTP server on localhost standing in for an external OpenAI-compatible server (vLLM, llama.cpp
 * server, Ollama): it answers {@code POST /v1/chat/completions} with the canned responses queued (the last one
 * repeats), {@code GET /v1/models} with a model list, and records every chat request body.
 */
public final class StubChatServer implements AutoCloseable {
    /** One canned answer: status, body, extra headers, and how long to wait before answering. */
    public record Reply(int status, String body, Map<String, String> headers, long delayMs) {
        public static Reply ok(String body) {
            return new Reply(200, body, Map.of(), 0);
        }

        public static Reply status(int status, String body) {
            return new Reply(status, body, Map.of(), 0);
        }
    }

    private final LocalHttpServer server;
    private final ConcurrentLinkedQueue<Reply> replies = new ConcurrentLinkedQueue<>();
    private final List<JsonObject> requests = new CopyOnWriteArrayList<>();
    private volatile Reply last = Reply.status(500, "{\"error\":{\"message\":\"no reply queued\",\"type\":\"server_error\"}}");
    private volatile String models = "{\"object\":\"list\",\"data\":[{\"id\":\"stub-model\",\"object\":\"model\"}]}";

    public StubChatServer() throws IOException {
        this(0);
    }

    public StubChatServer(int port) throws IOException {
        server = new LocalHttpServer(port, Map.of("/v1/chat/completions", this::chat,
                "/v1/models", exchange -> answer(exchange, new Reply(200, models, Map.of(), 0))));
    }

    /** Queues replies, answered in order; the last one repeats. */
    public StubChatServer reply(Reply... next) {
        replies.addAll(List.of(next));
        return this;
    }

    public StubChatServer models(String body) {
        this.models = body;
        return this;
    }

    public List<JsonObject> requests() {
        return requests;
    }

    public int port() {
        return server.port();
    }

    public String url() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    private void chat(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new JsonObject(body));
        Reply reply = replies.poll();
        if (reply == null) {
            reply = last;
        } else {
            last = reply;
        }
        answer(exchange, reply);
    }

    private static void answer(HttpExchange exchange, Reply reply) throws IOException {
        try {
            if (reply.delayMs() > 0) {
                Thread.sleep(reply.delayMs());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        } catch (IOException e) {
            // the client gave up (timeout test)
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
