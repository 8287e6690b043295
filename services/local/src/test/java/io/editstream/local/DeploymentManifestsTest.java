package io.editstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * k8s/base mirrors services/: every stage has a Deployment with liveness and readiness probes on the
 * health endpoints, a Service and a ConfigMap, and asks for no GPU (only the gpu overlay adds one, which
 * k8s-check verifies on the rendered overlays); compose runs every stage.
 */
class DeploymentManifestsTest {
    private static final Path ROOT = locateRoot();

    @ParameterizedTest
    @EnumSource(Stage.class)
    void everyStageHasItsManifests(Stage stage) throws IOException {
        Path dir = ROOT.resolve("k8s/base").resolve(stage.service());
        String deployment = Files.readString(dir.resolve("deployment.yaml"));
        assertThat(deployment).contains("name: " + stage.service(), "path: /health/live", "path: /health/ready",
                "args: [\"" + stage.service() + "\"]", "configMapRef: { name: " + stage.service() + " }");
        assertThat(deployment).as("GPU request in the base").doesNotContain("nvidia.com/gpu");
        assertThat(Files.readString(dir.resolve("service.yaml"))).contains("name: " + stage.service());
        assertThat(Files.readString(dir.resolve("configmap.yaml"))).contains("kind: ConfigMap");
        assertThat(Files.readString(ROOT.resolve("infra/docker-compose.yml")))
                .contains("command: [\"" + stage.service() + "\"]");
        assertThat(ROOT.resolve("services").resolve(stage.service())).isDirectory();
    }

    private static Path locateRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("k8s")) && Files.isDirectory(dir.resolve("services"))) {
                return dir;
            }
        }
        throw new IllegalStateException("repository root not found");
    }
}
