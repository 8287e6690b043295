package io.editstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broken copy of the manifests is rejected, with a message naming the object and the field: the checks in
 * {@link OverlaysTest} would otherwise pass vacuously.
 */
class RejectionsTest {
    @TempDir
    Path copy;

    /** Copies k8s/ to the temp dir and replaces the first {@code from} in {@code file} by {@code to}. */
    private Path brokenCopy(String file, String from, String to) throws IOException {
        Path source = OverlaysTest.ROOT.resolve("k8s");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : files.toList()) {
                Path target = copy.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        Path broken = copy.resolve(file);
        String text = Files.readString(broken);
        assertThat(text).contains(from);
        Files.writeString(broken, text.replaceFirst(java.util.regex.Pattern.quote(from), to));
        return copy;
    }

    /** One broken line in a copy of k8s/, the overlay rendered, and what its report must name. */
    static Stream<Arguments> brokenLines() {
        return Stream.of(
                Arguments.of("a misspelled Deployment field", "base/gateway/deployment.yaml", "          resources:",
                        "          resource:", "cpu",
                        List.of("Deployment editstream/gateway", "unknown field", "spec.template.spec.containers[0].resource")),
                Arguments.of("a wrong type in a Deployment", "components/resilience/gateway-replicas.yaml", "replicas: 2",
                        "replicas: two", "cpu", List.of("Deployment editstream/gateway", "spec.replicas")),
                Arguments.of("a wrong type in a KafkaTopic", "components/kafka/topics.yaml", "partitions: 12",
                        "partitions: twelve", "gpu", List.of("KafkaTopic editstream/gateway.edit.requested", "partitions", "integer")),
                Arguments.of("a misspelled ScaledObject field", "components/autoscaling/scaledobjects.yaml", "maxReplicaCount: 6",
                        "maxReplicasCount: 6", "cpu", List.of("ScaledObject editstream/cue-extractor", "maxReplicasCount")),
                Arguments.of("a misspelled Kafka trigger parameter", "components/autoscaling/scaledobjects.yaml", "lagThreshold:",
                        "lagTreshold:", "cpu", List.of("ScaledObject editstream/reasoner", "lagTreshold")),
                Arguments.of("a number where KEDA wants a string", "components/autoscaling/scaledobjects.yaml",
                        "lagThreshold: \"10\"", "lagThreshold: 10", "cpu", List.of("ScaledObject editstream/reasoner", "lagThreshold")));
    }

    @ParameterizedTest(name = "{0} is named")
    @MethodSource("brokenLines")
    void aBrokenLineIsNamed(String what, String file, String from, String to, String overlay, List<String> named)
            throws IOException {
        Path k8s = brokenCopy(file, from, to);
        assertThat(OverlaysTest.check(k8s, overlay)).anySatisfy(p -> assertThat(p).contains(named));
    }

    @Test
    void anAclWritingAnotherServicesTopicIsRejected() {
        List<ObjectNode> objects = Kustomize.build(OverlaysTest.ROOT.resolve("k8s/overlays/cpu"));
        ObjectNode reasoner = find(objects, "KafkaUser", "reasoner");
        ObjectNode acl = ((com.fasterxml.jackson.databind.node.ArrayNode) reasoner.path("spec").path("authorization").path("acls"))
                .addObject();
        acl.putObject("resource").put("type", "topic").put("name", "gateway.edit.requested").put("patternType", "literal");
        acl.putArray("operations").add("Write");
        assertThat(PipelineRules.check(objects, false))
                .anySatisfy(p -> assertThat(p).contains("KafkaUser editstream/reasoner", "gateway.edit.requested", "owner gateway"));
    }

    @Test
    void moreReplicasThanPartitionsIsRejected() {
        List<ObjectNode> objects = Kustomize.build(OverlaysTest.ROOT.resolve("k8s/overlays/gpu"));
        ((ObjectNode) find(objects, "ScaledObject", "diffusion-renderer").path("spec")).put("maxReplicaCount", 13);
        assertThat(PipelineRules.check(objects, true)).anySatisfy(p -> assertThat(p)
                .contains("ScaledObject editstream/diffusion-renderer", "maxReplicaCount 13", "12 partitions"));
    }

    @Test
    void aGpuOutsideTheModelStagesOrTheGpuOverlayIsRejected() {
        List<ObjectNode> cpu = Kustomize.build(OverlaysTest.ROOT.resolve("k8s/overlays/cpu"));
        ObjectNode gateway = (ObjectNode) find(cpu, "Deployment", "gateway").path("spec").path("template").path("spec")
                .path("containers").get(0).path("resources").path("limits");
        gateway.put("nvidia.com/gpu", 1);
        assertThat(PipelineRules.check(cpu, false)).anySatisfy(p -> assertThat(p).contains("nvidia.com/gpu", "found [gateway]"));
        // the gpu overlay's objects checked as if they were the cpu overlay's
        List<ObjectNode> gpu = Kustomize.build(OverlaysTest.ROOT.resolve("k8s/overlays/gpu"));
        assertThat(PipelineRules.check(gpu, false)).anySatisfy(p -> assertThat(p).contains("expected [], found"));
    }

    @Test
    void aKustomizationOutsideTheRenderedSubsetIsRefused() throws IOException {
        Path k8s = brokenCopy("overlays/cpu/kustomization.yaml", "namespace: editstream", "namespace: editstream\nnamePrefix: x-");
        assertThatThrownBy(() -> Kustomize.build(k8s.resolve("overlays/cpu")))
                .hasMessageContaining("'namePrefix' is outside the kustomize subset");
    }

    private static ObjectNode find(List<ObjectNode> objects, String kind, String name) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind)
                && o.path("metadata").path("name").asText().equals(name)).findFirst().orElseThrow();
    }
}
