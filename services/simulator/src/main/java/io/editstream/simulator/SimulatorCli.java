package io.editstream.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code simulate} command: generates a dataset of minimal edit triplets from a seed, showing a
 * progress bar and then a summary per split, family, task and category. The same seed and options
 * always give byte-identical files. {@link #run} is the same thing for other code (the local CLI,
 * tests, training scripts' Java callers): it writes the dataset and returns its summary.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true, version = "editstream simulator 1",
        description = "Generate a deterministic dataset of minimal image-edit triplets (AURORA-Bench and "
                + "ReasonBrain formats) from a seed.")
public final class SimulatorCli implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatorCli.class);
    private static final int BAR_WIDTH = 30;

    @Spec
    CommandSpec spec;

    @Option(names = "--seed", defaultValue = "42", description = "Seed fixing every scene, edit and phrase (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--count", defaultValue = "1000", description = "Triplets in all, split 80/10/10 (default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--train", description = "Triplets in train/ (overrides the share of --count).")
    Integer train;

    @Option(names = "--validation", description = "Triplets in validation/ (overrides the share of --count).")
    Integer validation;

    @Option(names = "--test", description = "Triplets in test/ (overrides the share of --count).")
    Integer test;

    @Option(names = "--size", defaultValue = "64", description = "Image side in pixels, e.g. 64 or 96 (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--out", defaultValue = "simulated", description = "Output folder; must be empty (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--overwrite", description = "Replace an earlier dataset in --out.")
    boolean overwrite;

    @Option(names = "--contact-sheet", defaultValue = "0", paramLabel = "N",
            description = "Also write contact-sheet.png previewing the first N train triplets.")
    int contactSheet;

    public static void main(String[] args) {
        // rendering needs no display; headless also keeps AWT from probing for one
        System.setProperty("java.awt.headless", "true");
        System.exit(new CommandLine(new SimulatorCli()).execute(args));
    }

    @Override
    public Integer call() {
        SimulatorConfig config;
        try {
            SimulatorConfig total = SimulatorConfig.ofTotal(seed, count, size, out);
            config = new SimulatorConfig(seed, train != null ? train : total.train(),
                    validation != null ? validation : total.validation(), test != null ? test : total.test(),
                    size, out, overwrite, contactSheet);
            DatasetWriter.checkOutput(out, overwrite);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("simulate: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            spec.commandLine().getErr().println("simulate: cannot read the output folder " + out + ": " + e.getMessage());
            return 1;
        }
        try {
            run(config, System.out);
            return 0;
        } catch (UncheckedIOException e) {
            spec.commandLine().getErr().println("simulate: could not write the dataset: " + e.getCause().getMessage());
            return 1;
        }
    }

    /** Generates and writes the dataset described by {@code config}, reporting progress to {@code console}. */
    public static DatasetSummary run(SimulatorConfig config, PrintStream console) {
        TripletGenerator generator = TripletGenerator.forSeed(config.seed());
        SceneRenderer renderer = new SceneRenderer(config.size());
        try {
            DatasetWriter writer = DatasetWriter.create(config.out(), renderer, config.overwrite());
            LOG.info("generating {} triplets ({}x{} px, seed {}) into {}", config.total(), config.size(),
                    config.size(), config.seed(), config.out());
            List<Triplet> preview = new ArrayList<>();
            int done = 0;
            for (Split split : Split.values()) {
                for (int i = 0; i < config.count(split); i++) {
                    Triplet t = generator.generate(split, i);
                    writer.add(t, split == Split.TEST ? generator.heldOutInstruction(t) : null);
                    if (split == Split.TRAIN && preview.size() < config.contactSheet()) {
                        preview.add(t);
                    }
                    done++;
                    progress(console, done, config.total(), split);
                }
            }
            console.println();
            DatasetSummary summary = writer.finish(config.seed(), generator.splits());
            if (!preview.isEmpty()) {
                console.println("contact sheet: " + ContactSheet.write(config.out(), preview, renderer));
            }
            console.print(summary.format());
            return summary;
        } catch (IOException e) {
            throw new UncheckedIOException("writing the dataset to " + config.out(), e);
        }
    }

    private static void progress(PrintStream console, int done, int total, Split split) {
        int before = (done - 1) * BAR_WIDTH / total;
        int now = done * BAR_WIDTH / total;
        if (now == before && done != total && done != 1) {
            return;
        }
        console.printf("\r[%s%s] %d/%d %-10s", "#".repeat(now), ".".repeat(BAR_WIDTH - now), done, total, split.folder());
        console.flush();
    }
}
