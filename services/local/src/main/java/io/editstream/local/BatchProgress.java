package io.editstream.local;

import java.io.PrintStream;

/**
 * One progress bar for a batch of requests: redrawn in place on a terminal, and on other outputs (logs,
 * CI) printed at every tenth of the way and at the end, so a long run neither floods nor goes silent.
 */
final class BatchProgress {
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final int total;
    private final boolean inPlace;
    private int done;
    private int failed;
    private int lastDecile = -1;

    BatchProgress(PrintStream out, int total) {
        this.out = out;
        this.total = total;
        this.inPlace = System.console() != null;
    }

    synchronized void finished(boolean ok) {
        done++;
        failed += ok ? 0 : 1;
        int decile = total == 0 ? 10 : done * 10 / total;
        if (inPlace) {
            out.print("\r" + line() + "   ");
            if (done == total) {
                out.println();
            }
        } else if (decile != lastDecile || done == total) {
            out.println(line());
        }
        lastDecile = decile;
        out.flush();
    }

    static String bar(int done, int total, int failed) {
        int filled = total == 0 ? WIDTH : done * WIDTH / total;
        return "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + done + "/" + total + " requests"
                + (failed > 0 ? ", " + failed + " failed" : "");
    }

    private String line() {
        return bar(done, total, failed);
    }
}
