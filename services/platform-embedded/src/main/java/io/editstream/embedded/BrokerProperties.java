package io.editstream.embedded;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The embedded broker's {@code server.properties}: a single combined KRaft node on 127.0.0.1 with a static
 * quorum of itself, written at every start so that the folder documents the broker it holds.
 */
final class BrokerProperties {
    static final String HOST = "127.0.0.1";
    static final int NODE_ID = 1;
    static final String FILE = "server.properties";

    private BrokerProperties() {
    }

    /** The broker's complete configuration. */
    static Properties of(Path logDir, int port, int controllerPort) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        props.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        props.put("metadata.log.dir", logDir.toString());
        props.putAll(singleNode());
        return props;
    }

    /**
     * Adds a SASL_SSL listener on {@code port} (SCRAM-SHA-512, the certificate in {@code tls}) beside the plaintext
     * one, which stays for the broker itself (inter-broker) and for setting up users. Advertised first, so that
     * {@link #rememberedPort} still finds the plaintext port last.
     */
    static void addSaslSsl(Properties props, int port, SelfSignedTls tls) {
        String listener = "SASL_SSL://" + HOST + ":" + port;
        props.put("listeners", props.getProperty("listeners") + "," + listener);
        props.put("advertised.listeners", listener + "," + props.getProperty("advertised.listeners"));
        props.put("listener.security.protocol.map", props.getProperty("listener.security.protocol.map") + ",SASL_SSL:SASL_SSL");
        props.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        // the broker checks SCRAM logins against the credentials stored in the cluster metadata
        props.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        props.put("listener.name.sasl_ssl.ssl.keystore.type", "PKCS12");
        props.put("listener.name.sasl_ssl.ssl.keystore.location", tls.keystore().toString());
        props.put("listener.name.sasl_ssl.ssl.keystore.password", tls.password());
        props.put("listener.name.sasl_ssl.ssl.key.password", tls.password());
    }

    /** Single-node settings: internal topics must not ask for more replicas than there are brokers. */
    static Map<String, String> singleNode() {
        return Map.ofEntries(
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "3"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("transaction.state.log.num.partitions", "3"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("min.insync.replicas", "1"),
                Map.entry("default.replication.factor", "1"),
                Map.entry("num.partitions", "3"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                // restarted after kill -9, the node finds its own previous registration still alive until this
                // session expires (9 s by default) and cannot register before: keep that wait short
                Map.entry("broker.heartbeat.interval.ms", "1000"),
                Map.entry("broker.session.timeout.ms", "5000"),
                // a killed client's open transaction is aborted soon after it times out, not up to a minute later
                Map.entry("transaction.abort.timed.out.transaction.cleanup.interval.ms", "5000"),
                Map.entry("auto.create.topics.enable", "true"),
                Map.entry("unstable.api.versions.enable", "false"),
                Map.entry("unstable.feature.versions.enable", "false"));
    }

    /** The client port an earlier start advertised, so that addresses handed out stay valid. */
    static Optional<Integer> rememberedPort(Properties previous) {
        String advertised = previous.getProperty("advertised.listeners", "");
        int colon = advertised.lastIndexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(advertised.substring(colon + 1).trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The properties in {@code file}; empty when there is none yet. */
    static Properties read(Path file) throws IOException {
        Properties props = new Properties();
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file)) {
                props.load(in);
            }
        }
        return props;
    }

    /** Writes sorted properties through a temporary file, so a crash never leaves half a configuration. */
    static void write(Path file, Properties props, String comment) throws IOException {
        StringBuilder text = new StringBuilder("# ").append(comment).append('\n');
        new TreeMap<>(props).forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer out = Files.newBufferedWriter(tmp)) {
            out.write(text.toString());
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
