package io.editstream.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka Streams application of a service (the enhancer's join, the gateway's views): started and awaited
 * until RUNNING (a start that ends in ERROR or NOT_RUNNING fails at once instead of waiting out the timeout),
 * its stores queried, closed with a bound. Without a configured state folder it uses a temporary one, removed
 * on close; state then lives only in the changelog topics, which is what a replica restored elsewhere reads.
 */
public final class StreamsApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final KafkaStreams streams;
    private final Path tempStateDir;
    private final CompletableFuture<Void> running = new CompletableFuture<>();

    /** {@code stateDir} null = a temporary folder; {@code props} must already hold the application id. */
    public StreamsApp(String name, Topology topology, Properties props, Path stateDir) {
        this.name = name;
        this.tempStateDir = stateDir == null ? tempDir(name) : null;
        props.put(StreamsConfig.STATE_DIR_CONFIG, (stateDir == null ? tempStateDir : stateDir).toString());
        this.streams = new KafkaStreams(topology, props);
        // a stream thread killed by an exception (a fenced producer, a broker that went away mid-transaction) is
        // replaced, so the application does not sit in ERROR consuming nothing in a live process; an Error ends it
        streams.setUncaughtExceptionHandler(e -> {
            if (e instanceof Error || e.getCause() instanceof Error) {
                LOG.error("{} streams thread died of an Error; shutting the application down", name, e);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            }
            LOG.error("{} streams thread failed; replacing it (uncommitted work is redone)", name, e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> {
            LOG.info("{} streams {} -> {}", name, before, now);
            if (now == KafkaStreams.State.RUNNING) {
                running.complete(null);
            } else if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                running.completeExceptionally(new IllegalStateException(name + " streams stopped in state " + now));
            }
        });
    }

    /** Starts the application and waits until it serves queries. */
    public void start(Duration timeout) throws InterruptedException {
        streams.start();
        try {
            running.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(name + " streams not RUNNING after " + timeout.toSeconds() + " s (state "
                    + streams.state() + ")", e);
        } catch (ExecutionException e) {
            throw (IllegalStateException) e.getCause();
        }
    }

    public boolean running() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** The named store of this instance's tasks; throws InvalidStateStoreException while it is not queryable. */
    public <T> T store(String storeName, QueryableStoreType<T> type) {
        return streams.store(StoreQueryParameters.fromNameAndType(storeName, type));
    }

    @Override
    public void close() {
        if (!streams.close(CLOSE_TIMEOUT)) {
            LOG.warn("{} streams did not close within {} s", name, CLOSE_TIMEOUT.toSeconds());
        }
        if (tempStateDir != null) {
            try (Stream<Path> paths = Files.walk(tempStateDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                LOG.warn("cannot remove {}'s temporary state {}: {}", name, tempStateDir, e.toString());
            }
        }
    }

    private static Path tempDir(String name) {
        try {
            return Files.createTempDirectory(name + "-streams");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a state folder for " + name, e);
        }
    }
}
