package io.editstream.local;

import io.editstream.client.EditClient;

import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.List;

/**
 * A one-line progress bar per edit request, redrawn in place on a terminal and printed once per
 * change otherwise (logs, CI), built from the gateway's status document.
 */
public final class ProgressLine {
    static final List<String> STAGES = List.of("reasoner", "cue-extractor", "enhancer", "diffusion-renderer", "scorer");
    private static final int WIDTH = 20;

    private final PrintStream out;
    private final boolean inPlace;
    private final String label;

    public ProgressLine(PrintStream out, String label) {
        this.out = out;
        this.inPlace = System.console() != null;
        this.label = label;
    }

    /** How many of the five stages the status reports as done. */
    static int stagesDone(JsonObject status) {
        JsonObject stages = status.getJsonObject("stages", new JsonObject());
        int done = 0;
        for (String stage : STAGES) {
            JsonObject s = stages.getJsonObject(stage);
            if (s != null && s.getBoolean("done", false)) {
                done++;
            }
        }
        return done;
    }

    static String bar(JsonObject status) {
        int done = stagesDone(status);
        int filled = done * WIDTH / STAGES.size();
        String state = status.getString("state", "?");
        String next = done < STAGES.size() && !"FAILED".equals(state) ? " → " + STAGES.get(done) : "";
        return "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + done + "/" + STAGES.size() + " " + state + next;
    }

    public void update(JsonObject status) {
        String line = label + " " + bar(status);
        if (inPlace) {
            out.print("\r" + line + "   ");
            if (EditClient.isTerminal(status)) {
                out.println();
            }
        } else {
            out.println(line);
        }
        out.flush();
    }
}
