package io.editstream.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The process's resident set (Linux {@code /proc/self/status} VmRSS) and the JVM heap in use, in MiB. */
public record ProcessMemory(double rssMiB, double heapUsedMiB, double heapMaxMiB) {
    private static final Path STATUS = Path.of("/proc/self/status");

    public static ProcessMemory now() {
        Runtime rt = Runtime.getRuntime();
        return new ProcessMemory(currentRssMiB(), (rt.totalMemory() - rt.freeMemory()) / 1048576.0, rt.maxMemory() / 1048576.0);
    }

    /** VmRSS of this process in MiB; NaN where there is no {@code /proc} (not Linux). */
    static double currentRssMiB() {
        try {
            return vmRssKiB(Files.readAllLines(STATUS)) / 1024.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The VmRSS line's value ({@code VmRSS:   123456 kB}) in KiB. */
    static long vmRssKiB(List<String> statusLines) {
        for (String line : statusLines) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring("VmRSS:".length()).replace("kB", "").trim());
            }
        }
        throw new IllegalArgumentException("no VmRSS line");
    }
}
