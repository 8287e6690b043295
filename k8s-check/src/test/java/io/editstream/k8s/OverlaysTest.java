package io.editstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders k8s/overlays/{cpu,gpu} offline and validates every object: built-in kinds strictly with the fabric8
 * model, Strimzi and KEDA kinds against k8s/schemas, then the pipeline's rules. Where kubectl is on PATH the Java
 * rendering must equal {@code kubectl kustomize}'s, object by object, as parsed YAML.
 */
class OverlaysTest {
    static final Path ROOT = locateRoot();
    private static final CustomKinds CUSTOM = new CustomKinds(ROOT.resolve("k8s/schemas"));

    /** Every problem of a rendered set of objects: unknown kinds, schema and model violations. */
    static List<String> validate(List<? extends JsonNode> objects) {
        List<String> problems = new ArrayList<>();
        for (JsonNode o : objects) {
            String kind = o.path("kind").asText();
            if (CoreKinds.KINDS.containsKey(kind)) {
                problems.addAll(CoreKinds.validate(o));
            } else if (CustomKinds.KINDS.containsKey(kind)) {
                problems.addAll(CUSTOM.validate(o));
            } else {
                problems.add(Manifests.id(o) + ": no validator for kind '" + kind + "' (add a model class or a schema)");
            }
        }
        return problems;
    }

    static List<String> check(Path k8s, String overlay) {
        List<ObjectNode> objects = Kustomize.build(k8s.resolve("overlays").resolve(overlay));
        List<String> problems = validate(objects);
        problems.addAll(PipelineRules.check(objects, overlay.equals("gpu")));
        return problems;
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void everyObjectOfTheOverlayIsValid(String overlay) {
        List<ObjectNode> objects = Kustomize.build(ROOT.resolve("k8s/overlays").resolve(overlay));
        assertThat(objects).extracting(o -> o.path("kind").asText())
                .contains("Kafka", "KafkaNodePool", "KafkaTopic", "KafkaUser", "ScaledObject", "PodDisruptionBudget",
                        "NetworkPolicy", "Deployment", "Service", "ConfigMap", "Namespace");
        assertThat(check(ROOT.resolve("k8s"), overlay)).as("problems of overlay " + overlay).isEmpty();
    }

    @Test
    void theBaseIsValidAndAsksForNoGpu() {
        List<ObjectNode> objects = Kustomize.build(ROOT.resolve("k8s/base"));
        assertThat(validate(objects)).isEmpty();
        assertThat(objects.toString()).doesNotContain("nvidia.com/gpu");
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/cpu", "overlays/gpu"})
    void rendersAsKubectlKustomizeDoes(String dir) throws Exception {
        Path kubectl = onPath("kubectl");
        if (kubectl == null) {
            System.out.println("kubectl is not on PATH: the Java rendering of k8s/" + dir + " is not compared with kubectl kustomize");
            Assumptions.abort("kubectl not on PATH");
        }
        Process p = new ProcessBuilder(kubectl.toString(), "kustomize", ROOT.resolve("k8s").resolve(dir).toString())
                .redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("kubectl kustomize k8s/%s: %s", dir, err).isZero();
        Map<String, JsonNode> theirs = byId(Manifests.parse(new String(out, StandardCharsets.UTF_8), "kubectl kustomize"));
        Map<String, JsonNode> ours = byId(Kustomize.build(ROOT.resolve("k8s").resolve(dir)));
        assertThat(ours.keySet()).isEqualTo(theirs.keySet());
        List<String> differences = new ArrayList<>();
        ours.forEach((id, o) -> diff(id, "", o, theirs.get(id), differences));
        assertThat(differences).as("Java rendering vs kubectl kustomize, k8s/" + dir).isEmpty();
        System.out.println("k8s/" + dir + ": " + ours.size() + " objects, same as kubectl kustomize");
    }

    private static Map<String, JsonNode> byId(List<ObjectNode> objects) {
        Map<String, JsonNode> map = new TreeMap<>();
        objects.forEach(o -> map.put(Manifests.id(o), o));
        assertThat(map).hasSameSizeAs(objects);
        return map;
    }

    /** The paths at which two trees differ (a value, a missing field, or a list's length or order). */
    static void diff(String id, String path, JsonNode a, JsonNode b, List<String> out) {
        if (a.equals(b)) {
            return;
        }
        if (a.isObject() && b != null && b.isObject()) {
            Iterator<String> names = a.fieldNames();
            while (names.hasNext()) {
                String n = names.next();
                diff(id, path + "." + n, a.get(n), b.has(n) ? b.get(n) : com.fasterxml.jackson.databind.node.MissingNode.getInstance(), out);
            }
            b.fieldNames().forEachRemaining(n -> {
                if (!a.has(n)) {
                    out.add(id + " " + path + "." + n + ": only kubectl has " + b.get(n));
                }
            });
        } else if (a.isArray() && b != null && b.isArray() && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                diff(id, path + "[" + i + "]", a.get(i), b.get(i), out);
            }
        } else {
            out.add(id + " " + path + ": ours " + a + ", kubectl's " + b);
        }
    }

    static Path onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static Path locateRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("k8s/overlays")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("repository root (with k8s/overlays) not found");
    }

    static String read(Path file) throws IOException {
        return Files.readString(file);
    }
}
