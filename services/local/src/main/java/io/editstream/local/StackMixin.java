package io.editstream.local;

import io.editstream.onnx.Bundles;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options shared by the commands that bring the embedded stack up. */
public final class StackMixin {
    @Option(names = "--data-dir", defaultValue = "editstream-data",
            description = "Where the embedded broker, S3 objects and reports are kept; a later run on the same folder"
                    + " resumes its topics, requests and objects (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--port", defaultValue = "8080",
            description = "Gateway HTTP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--partitions", defaultValue = "3", description = "Partitions per topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--models", paramLabel = "DIR",
            description = "A models folder (one bundle folder per stage: clip, reasoner, enhancer, renderer, and its own"
                    + " editstream.json), e.g. models/fixtures/kontext for the FLUX.1 Kontext renderer; the same as"
                    + " EDITSTREAM_MODELS (default: models/default).")
    Path models;

    @Mixin
    InfraOptions infra;

    StackOptions options() {
        if (models != null) {
            Path folder = models.toAbsolutePath().normalize();
            if (!Files.isDirectory(folder)) {
                throw new UserError("--models " + models + ": no such folder (expected one bundle folder per stage)");
            }
            // read by every in-process stage when it looks its bundle up, as the environment variable would be
            System.setProperty(Bundles.MODELS_VARIABLE, folder.toString());
        }
        return StackOptions.embedded(dataDir.toAbsolutePath(), port)
                .withPartitions(partitions)
                .withInfra(infra.settings());
    }
}
