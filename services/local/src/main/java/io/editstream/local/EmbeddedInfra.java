package io.editstream.local;

import io.editstream.embedded.EmbeddedKafka;
import io.editstream.embedded.EmbeddedS3;
import io.editstream.kafka.KafkaSettings;
import io.editstream.storage.StorageSettings;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded broker and S3 endpoint of one data folder, persistent like installed ones: the broker's logs
 * under {@code kafka/}, the objects under {@code s3/}, and in {@code infra.properties} the S3 port and
 * credentials of the last start, so that a restart with no options comes back at the same addresses with the
 * same keys (the broker keeps its own port in {@code kafka/server.properties}). Ports given as 0 mean "the
 * last start's port, or a free one the first time"; credentials not given mean "the last start's, or the
 * access key {@value EmbeddedS3#DEFAULT_ACCESS_KEY} and a new random secret key the first time".
 */
public record EmbeddedInfra(EmbeddedKafka broker, EmbeddedS3 s3, String bucket) implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedInfra.class);
    static final String STATE_FILE = "infra.properties";
    public static final String REGION = "us-east-1";

    /** Ports (0 = remembered or free) and credentials (empty = remembered or generated). */
    public record Settings(int kafkaPort, int s3Port, Optional<String> accessKey, Optional<String> secretKey) {
        public Settings {
            accessKey = accessKey.filter(s -> !s.isBlank());
            secretKey = secretKey.filter(s -> !s.isBlank());
        }

        public static Settings remembered() {
            return new Settings(0, 0, Optional.empty(), Optional.empty());
        }
    }

    /** The two halves, which {@code up} runs as separate processes so that each can fail on its own. */
    public enum Part { KAFKA, S3 }

    public static EmbeddedInfra start(Path dataDir, Settings settings, String bucket) throws IOException {
        return start(dataDir, settings, bucket, EnumSet.allOf(Part.class));
    }

    /** Starts only {@code parts}; the other half's accessor then fails. */
    public static EmbeddedInfra start(Path dataDir, Settings settings, String bucket, Set<Part> parts) throws IOException {
        // the state file holds only the S3 half's port and keys, so a broker-only start leaves it alone
        Settings planned = parts.contains(Part.S3) ? plan(dataDir, settings) : settings;
        EmbeddedKafka kafka = parts.contains(Part.KAFKA) ? EmbeddedKafka.start(dataDir.resolve("kafka"), settings.kafkaPort()) : null;
        EmbeddedS3 s3 = null;
        if (parts.contains(Part.S3)) {
            try {
                s3 = EmbeddedS3.startFilesystem(dataDir.resolve("s3"), planned.s3Port(), planned.accessKey().orElseThrow(),
                        planned.secretKey().orElseThrow());
            } catch (RuntimeException e) {
                if (kafka != null) {
                    kafka.close();
                }
                throw e;
            }
        }
        return new EmbeddedInfra(kafka, s3, bucket);
    }

    /**
     * Every port and credential a start on {@code dataDir} would use, resolved now (remembered, given, or new)
     * and remembered for the next start, so a supervisor can hand them to separate processes.
     */
    public static Settings plan(Path dataDir, Settings settings) throws IOException {
        Files.createDirectories(dataDir);
        Properties state = readState(dataDir);
        int s3Port = settings.s3Port() != 0 ? settings.s3Port() : Integer.parseInt(state.getProperty("s3.port", "0"));
        if (s3Port != 0 && settings.s3Port() == 0 && !portIsFree(s3Port)) {
            throw new IllegalStateException("S3 port " + s3Port + " (kept from the last start on " + dataDir
                    + ") is in use: is this data folder's stack already running? Otherwise choose a port with --s3-port");
        }
        s3Port = s3Port != 0 ? s3Port : freePort();
        String accessKey = settings.accessKey().orElse(state.getProperty("s3.access-key", EmbeddedS3.DEFAULT_ACCESS_KEY));
        String secretKey = settings.secretKey().orElseGet(() -> state.getProperty("s3.secret-key", EmbeddedS3.randomSecret()));
        Properties now = new Properties();
        now.setProperty("s3.port", Integer.toString(s3Port));
        now.setProperty("s3.access-key", accessKey);
        now.setProperty("s3.secret-key", secretKey);
        writeState(dataDir, now);
        int kafkaPort = EmbeddedKafka.plannedPort(dataDir.resolve("kafka"), settings.kafkaPort());
        return new Settings(kafkaPort, s3Port, Optional.of(accessKey), Optional.of(secretKey));
    }

    /** The connection settings of a stack planned as {@code planned} on this machine. */
    public static StorageSettings storage(Settings planned, String bucket) {
        return new StorageSettings("http://127.0.0.1:" + planned.s3Port(), planned.accessKey().orElseThrow(),
                planned.secretKey().orElseThrow(), bucket, REGION);
    }

    public KafkaSettings kafka() {
        return KafkaSettings.of(broker().bootstrapServers());
    }

    public StorageSettings storage() {
        if (s3 == null) {
            throw new IllegalStateException("this infrastructure runs without its S3 endpoint");
        }
        return new StorageSettings(s3.endpoint(), s3.accessKey(), s3.secretKey(), bucket, REGION);
    }

    /** Whether the broker formatted new storage at this start (an empty cluster), rather than reopening its topics. */
    public boolean newCluster() {
        return broker().formattedNewStorage();
    }

    @Override
    public EmbeddedKafka broker() {
        if (broker == null) {
            throw new IllegalStateException("this infrastructure runs without its broker");
        }
        return broker;
    }

    public boolean has(Part part) {
        return part == Part.KAFKA ? broker != null : s3 != null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static boolean portIsFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Properties readState(Path dataDir) throws IOException {
        Properties props = new Properties();
        Path file = dataDir.resolve(STATE_FILE);
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file)) {
                props.load(in);
            }
        }
        return props;
    }

    private static void writeState(Path dataDir, Properties props) throws IOException {
        StringWriter text = new StringWriter();
        props.store(text, "the embedded S3 endpoint's port and credentials, kept for the next start on this folder");
        ConnectionFile.writePrivate(dataDir.resolve(STATE_FILE), text.toString());
    }

    @Override
    public void close() {
        try {
            if (s3 != null) {
                s3.close();
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
        LOG.info("embedded broker and S3 endpoint stopped");
    }
}
