package io.editstream.local.up;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line that runs {@code editstream} again in a child JVM, from this JVM's own java and class path. */
public final class JavaCommand {
    private JavaCommand() {
    }

    /** {@code heap} e.g. "768m": every child is small (one service each), and the serial collector keeps it lean. */
    public static List<String> current(String heap) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap, "-XX:+UseSerialGC",
                "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.editstream.events"));
        // where this JVM was told to find the models (the build's tests set it as a property), the children look too
        String models = System.getProperty("EDITSTREAM_MODELS");
        if (models != null && !models.isBlank()) {
            command.add("-DEDITSTREAM_MODELS=" + models);
        }
        // children find the bundled models from the same checkout, whatever folder they run in
        String home = System.getProperty("EDITSTREAM_HOME");
        if (home != null && !home.isBlank()) {
            command.add("-DEDITSTREAM_HOME=" + home);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.editstream.local.EditStreamCli"));
        return List.copyOf(command);
    }
}
