package io.editstream.local;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The sampling options of the commands that submit edits (demo, submit), and the form fields they become. */
public final class SamplingOptions {
    @Option(names = "--steps", defaultValue = "20", description = "Diffusion steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--seed", defaultValue = "42", description = "Sampling seed (default: ${DEFAULT-VALUE}).")
    long seed;

    /** The edit form's fields: steps, seed and, where there is one, the no-change instruction (enables DiscEdit). */
    Map<String, String> fields(String noChangeInstruction) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("steps", Integer.toString(steps));
        fields.put("seed", Long.toString(seed));
        if (noChangeInstruction != null) {
            fields.put("noChangeInstruction", noChangeInstruction);
        }
        return fields;
    }
}
