package io.editstream.local;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code editstream} command. With no sub-command it runs {@code demo}: the whole pipeline on an
 * embedded broker, S3 endpoint and the bundled models, a few sample edits end to end, and a report.
 */
@Command(name = "editstream", mixinStandardHelpOptions = true, version = "EditStream 0.1.0", usageHelpWidth = 120,
        description = {
            "Reasoning-based instruction image editing as a streaming pipeline:",
            "gateway -> reasoner + cue-extractor -> enhancer -> diffusion-renderer -> scorer, over Kafka and S3.",
            "",
            "Without a command, runs 'demo'."},
        subcommands = {DemoCommand.class, ServeCommand.class, InfraCommand.class, io.editstream.local.up.UpCommand.class, io.editstream.local.chaos.ChaosCommand.class, SubmitCommand.class, BenchCommand.class, BenchmarkCommand.class,
            RenderBenchCommand.class, KeysCommand.class,
            ServiceCommand.class, io.editstream.simulator.SimulatorCli.class, CommandLine.HelpCommand.class},
        footer = {"", "Examples:",
            "  editstream demo                       sample edits end to end, results under ./editstream-data/demo",
            "  editstream demo --image cat.png --instruction \"what would it look like after the rain?\"",
            "  editstream serve --port 8080          keep the stack up; open http://localhost:8080/",
            "  editstream up --replicas diffusion-renderer=2   every service its own process, restarted when it dies",
            "  editstream infra                      broker on :9092 and S3 on :9000 alone; settings in editstream-data/connection.env",
            "  editstream bench --requests 200       per-hop overhead (Kafka + S3 + Avro, model time excluded)",
            "  editstream bench --throughput --concurrency 8   requests/s in-process vs through the pipeline, open-loop latency",
            "  editstream simulate --seed 7 --count 1000 --out data/sim   edit triplets with ground truth (AURORA format)",
            "  KAFKA_BOOTSTRAP=kafka:9092 S3_ENDPOINT=http://minio:9000 editstream service reasoner",
            "  editstream service reasoner --connection editstream-data/connection.env   one service on a running 'infra'"})
public final class EditStreamCli implements Runnable {

    public static void main(String[] args) {
        // Generated Avro classes must be allowed to deserialize (Avro 1.12 guards reflective loading).
        System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES",
                System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "io.editstream.events"));
        // bundled models and samples are found from the checkout, not the working folder (see Home)
        System.setProperty(Home.VARIABLE, Home.locate().toString());
        CommandLine cli = new CommandLine(new EditStreamCli()).setExecutionExceptionHandler(new OneLineErrors())
                .setParameterExceptionHandler(OneLineErrors::badParameters);
        int code = args.length == 0 ? cli.execute("demo") : cli.execute(args);
        System.exit(code);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
