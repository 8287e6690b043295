package io.editstream.service;

import io.editstream.storage.MissingObjectException;
import io.editstream.storage.ObjectStore;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams one stored object to an HTTP response in chunks: each chunk is read from S3 on a worker
 * thread and written on the event loop, and the next read waits for the response's write queue to drain,
 * so a slow client never makes the gateway hold a whole image in memory. The S3 stream is closed when
 * the download ends, fails or the client goes away.
 */
public final class ObjectDownload {
    private static final Logger LOG = LoggerFactory.getLogger(ObjectDownload.class);
    private static final int CHUNK = 256 * 1024;

    private final Vertx vertx;
    private final ObjectStore store;

    public ObjectDownload(Vertx vertx, ObjectStore store) {
        this.vertx = vertx;
        this.store = store;
    }

    /** Sends the PNG or JPEG (by the key's extension) at {@code uri}. */
    public void sendImage(HttpServerResponse response, String uri) {
        send(response, uri, uri.endsWith(".jpg") ? "image/jpeg" : "image/png");
    }

    /** Sends {@code uri} with {@code contentType}; 404 JSON when the object is absent, 503 when S3 fails. */
    public void send(HttpServerResponse response, String uri, String contentType) {
        vertx.executeBlocking(() -> store.open(uri), false).onComplete(opened -> {
            if (opened.failed()) {
                Throwable e = opened.cause();
                boolean missing = e instanceof MissingObjectException;
                if (!missing) {
                    LOG.warn("cannot open {}: {}", uri, e.toString());
                }
                (missing ? ApiError.notFound(e.getMessage()) : ApiError.unavailable(e.getMessage())).send(response);
                return;
            }
            InputStream in = opened.result();
            AtomicBoolean closed = new AtomicBoolean();
            Runnable release = () -> {
                if (closed.compareAndSet(false, true)) {
                    vertx.executeBlocking(() -> {
                        in.close();
                        return null;
                    }, false);
                }
            };
            response.setChunked(true).putHeader("content-type", contentType).putHeader("cache-control", "no-cache");
            response.closeHandler(v -> release.run());
            pump(response, in, uri, release);
        });
    }

    private void pump(HttpServerResponse response, InputStream in, String uri, Runnable release) {
        vertx.executeBlocking(() -> readChunk(in), false).onComplete(read -> {
            if (response.closed()) {
                release.run();
            } else if (read.failed()) {
                LOG.warn("download of {} broke off: {}", uri, read.cause().toString());
                release.run();
                response.reset();   // the status line is gone already; a reset tells the client the body is incomplete
            } else if (read.result().length == 0) {
                release.run();
                response.end();
            } else {
                response.write(Buffer.buffer(read.result()));
                if (response.writeQueueFull()) {
                    response.drainHandler(v -> {
                        response.drainHandler(null);   // one resume per full queue, never two pumps at once
                        pump(response, in, uri, release);
                    });
                } else {
                    pump(response, in, uri, release);
                }
            }
        });
    }

    private static byte[] readChunk(InputStream in) throws IOException {
        return in.readNBytes(CHUNK);
    }
}
