package io.editstream.local.up;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child processes (bash): a killed one comes back with a new pid, a held one stays down, close stops all. */
class SupervisorTest {
    @TempDir
    Path dir;

    @Test
    void aKilledProcessIsRestartedAndAHeldOneStaysDownUntilReleased() throws Exception {
        try (Supervisor supervisor = new Supervisor(Duration.ofMillis(50))) {
            supervisor.start(new Supervisor.Spec("worker", List.of("bash", "-c", "echo up $WHO; exec sleep 60"),
                    Map.of("WHO", "w1"), dir.resolve("logs/worker.log")));
            await(() -> supervisor.process("worker").isPresent() && upLines("worker") == 1);
            long first = supervisor.process("worker").orElseThrow().pid();

            supervisor.kill("worker");
            await(() -> supervisor.process("worker").map(p -> p.pid() != first).orElse(false));
            assertThat(supervisor.restarts("worker")).isEqualTo(1);
            // the restarted bash must have run its echo before it is killed again, or the count below is short
            await(() -> upLines("worker") == 2);

            supervisor.hold("worker");
            await(() -> supervisor.process("worker").isEmpty());
            Thread.sleep(300);
            assertThat(supervisor.process("worker")).as("held down").isEmpty();
            supervisor.release("worker");
            await(() -> supervisor.process("worker").isPresent());
            assertThat(supervisor.restarts("worker")).isEqualTo(2);
            await(() -> upLines("worker") == 3);
        }
    }

    @Test
    void closeStopsEveryChild() throws Exception {
        ProcessHandle child;
        try (Supervisor supervisor = new Supervisor(Duration.ofMillis(50))) {
            supervisor.start(new Supervisor.Spec("a", List.of("sleep", "60"), Map.of(), dir.resolve("a.log")));
            child = supervisor.process("a").orElseThrow();
        }
        assertThat(child.isAlive()).isFalse();
    }

    private long upLines(String name) {
        return log(name).lines().filter(l -> l.equals("up w1")).count();
    }

    private String log(String name) {
        try {
            return Files.readString(dir.resolve("logs/" + name + ".log"));
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
