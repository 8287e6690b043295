package io.editstream.local.up;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs named child processes and restarts any that dies, with a backoff that starts at {@code firstBackoff},
 * doubles up to 30 s while a process keeps exiting by itself, and starts over once it has stayed up for a
 * minute or when it was killed by a signal. Each child appends its output to
 * its own log file. {@link #hold} stops a child and keeps it stopped until {@link #release} (an outage on
 * purpose); {@link #close} stops them all: SIGTERM first, kill -9 for whatever is still alive after the grace.
 */
public final class Supervisor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration STABLE = Duration.ofMinutes(1);
    private static final Duration GRACE = Duration.ofSeconds(20);

    /** What to run: a name (unique), the command line, extra environment and the log file. */
    public record Spec(String name, List<String> command, Map<String, String> env, Path log) {
        public Spec {
            command = List.copyOf(command);
            env = Map.copyOf(env);
        }
    }

    private final Duration firstBackoff;
    private final Map<String, Child> children = new ConcurrentHashMap<>();
    private volatile boolean closing;

    public Supervisor(Duration firstBackoff) {
        this.firstBackoff = firstBackoff;
    }

    /** Starts {@code spec} and keeps it running until {@link #close}. */
    public synchronized void start(Spec spec) throws IOException {
        if (children.containsKey(spec.name())) {
            throw new IllegalArgumentException("a process named " + spec.name() + " is already supervised");
        }
        Files.createDirectories(spec.log().toAbsolutePath().getParent());
        Child child = new Child(spec);
        children.put(spec.name(), child);
        child.launch();
        Thread watcher = new Thread(() -> watch(child), "supervise-" + spec.name());
        watcher.setDaemon(true);
        watcher.start();
    }

    /** The live process of {@code name}, if it is running now. */
    public Optional<ProcessHandle> process(String name) {
        Child child = children.get(name);
        Process p = child == null ? null : child.process;
        return p != null && p.isAlive() ? Optional.of(p.toHandle()) : Optional.empty();
    }

    /** kill -9 of {@code name}; the supervisor restarts it as it would after any crash. */
    public void kill(String name) {
        process(name).ifPresent(ProcessHandle::destroyForcibly);
    }

    /** Stops {@code name} (kill -9) and keeps it stopped until {@link #release}. */
    public void hold(String name) {
        Child child = require(name);
        child.held = true;
        process(name).ifPresent(ProcessHandle::destroyForcibly);
    }

    /** Lets a held process start again at once. */
    public void release(String name) {
        Child child = require(name);
        synchronized (child) {
            child.held = false;
            child.notifyAll();
        }
    }

    /** How many times {@code name} has been restarted after it died. */
    public int restarts(String name) {
        return require(name).restarts;
    }

    public List<String> names() {
        return List.copyOf(children.keySet());
    }

    @Override
    public void close() {
        closing = true;
        children.values().forEach(child -> {
            synchronized (child) {
                child.notifyAll();
            }
            Process p = child.process;
            if (p != null) {
                p.destroy();
            }
        });
        long deadline = System.nanoTime() + GRACE.toNanos();
        for (Child child : children.values()) {
            Process p = child.process;
            if (p == null) {
                continue;
            }
            try {
                if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    LOG.warn("{} did not stop within {} s of SIGTERM; killing it", child.spec.name(), GRACE.toSeconds());
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }

    private void watch(Child child) {
        Duration backoff = firstBackoff;
        while (!closing) {
            Process p = child.process;
            long started = System.nanoTime();
            int code;
            try {
                code = p.waitFor();
            } catch (InterruptedException e) {
                return;
            }
            if (closing) {
                return;
            }
            boolean wasStable = System.nanoTime() - started > STABLE.toNanos();
            // killed by a signal (kill -9, an OOM kill) is not a crash loop: come back at once; exiting by itself
            // (a failed start, say) doubles the wait so a dependency that is down is not hammered
            boolean killed = code == 128 + 9 || code == 128 + 15;
            backoff = wasStable || killed ? firstBackoff : backoff;
            try {
                synchronized (child) {
                    while (child.held && !closing) {
                        LOG.info("{} exited (code {}) and is held down", child.spec.name(), code);
                        child.wait();
                    }
                }
                if (closing) {
                    return;
                }
                LOG.warn("{} exited with code {}; restarting it in {} ms (log {})", child.spec.name(), code, backoff.toMillis(),
                        child.spec.log());
                Thread.sleep(backoff.toMillis());
                if (closing) {
                    return;
                }
                child.restarts++;
                child.launch();
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                LOG.error("cannot restart {}: {}", child.spec.name(), e.toString());
            }
            if (!killed) {
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private Child require(String name) {
        Child child = children.get(name);
        if (child == null) {
            throw new IllegalArgumentException("no supervised process named " + name + "; known: " + names());
        }
        return child;
    }

    /** One supervised process: its spec and its current incarnation. */
    private static final class Child {
        final Spec spec;
        volatile Process process;
        volatile boolean held;
        volatile int restarts;

        Child(Spec spec) {
            this.spec = spec;
        }

        void launch() throws IOException {
            ProcessBuilder builder = new ProcessBuilder(spec.command()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.log().toFile()));
            builder.environment().putAll(spec.env());
            process = builder.start();
            LOG.debug("{} started, pid {}", spec.name(), process.pid());
        }
    }
}
