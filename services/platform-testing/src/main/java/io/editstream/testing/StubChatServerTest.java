package io.editstream.testing;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh {@link StubChatServer} for every test, closed after it: the lifecycle the stand-in tests of OpenAI-compatible
 * servers (vLLM, llama.cpp, Ollama; the reasoner's and the judge's) share. A subclass names the {@code /v1/models} body
 * its server lists, or keeps the stub's own.
 */
public abstract class StubChatServerTest {
    protected StubChatServer server;
    private final String models;

    protected StubChatServerTest(String models) {
        this.models = models;
    }

    protected StubChatServerTest() {
        this(null);
    }

    @BeforeEach
    void startStubServer() throws IOException {
        server = new StubChatServer();
        if (models != null) {
            server.models(models);
        }
    }

    @AfterEach
    void closeStubServer() {
        server.close();
    }
}
