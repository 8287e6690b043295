package io.editstream.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/** The KRaft log folder: formatted once, as {@code kafka-storage format} does, and reopened afterwards. */
final class KraftStorage {
    private static final String META = "meta.properties";

    private KraftStorage() {
    }

    static boolean isFormatted(Path logDir) {
        return Files.exists(logDir.resolve(META));
    }

    /** What {@code kafka-storage format --config server.properties --cluster-id ID} does, at production feature levels. */
    static void format(Properties props, Path logDir, String clusterId) throws Exception {
        Formatter formatter = new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(BrokerProperties.NODE_ID)
                .setClusterId(clusterId)
                .addDirectory(logDir.toString())
                .setMetadataLogDirectory(logDir.toString())
                .setControllerListenerName(props.getProperty("controller.listener.names"))
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .setUnstableFeatureVersionsEnabled(false)
                .setIgnoreFormatted(false);
        BootstrapMetadata bootstrap = productionFeatures();
        formatter.setReleaseVersion(bootstrap.metadataVersion());
        for (Feature feature : Feature.PRODUCTION_FEATURES) {
            if (feature != Feature.KRAFT_VERSION) {
                formatter.setFeatureLevel(feature.featureName(), bootstrap.featureLevel(feature.featureName()));
            }
        }
        formatter.run();
    }

    /**
     * What {@code kafka-storage format} writes on a real 4.x broker: the latest production metadata version
     * with each feature (transactions v2, consumer groups, ...) at its default level.
     */
    static BootstrapMetadata productionFeatures() {
        MetadataVersion version = MetadataVersion.latestProduction();
        Map<String, Short> levels = new HashMap<>();
        for (Feature feature : Feature.PRODUCTION_FEATURES) {
            if (feature != Feature.KRAFT_VERSION) { // set by the quorum, not a bootstrap record
                levels.put(feature.featureName(), feature.defaultLevel(version));
            }
        }
        return BootstrapMetadata.fromVersions(version, levels, "editstream");
    }

    /** The cluster id a formatted folder belongs to. */
    static String clusterIdOf(Path logDir) throws IOException {
        String id = BrokerProperties.read(logDir.resolve(META)).getProperty("cluster.id");
        if (id == null) {
            throw new IllegalStateException(logDir.resolve(META) + " has no cluster.id");
        }
        return id;
    }
}
