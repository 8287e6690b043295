package io.editstream.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Renders a kustomization the way {@code kustomize build} does, for the subset k8s/ uses: {@code resources} (files,
 * and directories holding a kustomization), {@code components}, {@code patches} (strategic merge, from a file, with
 * an optional {@code target} by kind and name regex), {@code namespace} and {@code labels} (pairs on metadata only).
 * Anything else in a kustomization fails loudly, so the overlays cannot drift outside what CI can render without
 * kubectl. Order: resources, then components (each adds its resources and patches the whole set), then the
 * kustomization's own patches, namespace and labels, as in kustomize.
 */
final class Kustomize {
    private static final Set<String> KUSTOMIZATION_FIELDS =
            Set.of("apiVersion", "kind", "resources", "components", "patches", "namespace", "labels");
    private static final Set<String> COMPONENT_FIELDS = Set.of("apiVersion", "kind", "resources", "components", "patches");
    /** Kinds kustomize's namespace transformer leaves alone (the cluster-scoped ones k8s/ could use). */
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PersistentVolume", "StorageClass", "PriorityClass");
    /**
     * Strategic-merge keys of the Kubernetes lists the patches touch (patchMergeKey in the API types); any other list
     * is replaced by the patch's, which is also what Kubernetes does for lists without a merge key (tolerations, envFrom).
     */
    private static final Map<String, String> MERGE_KEYS = Map.of("containers", "name", "initContainers", "name",
            "env", "name", "volumes", "name", "volumeMounts", "mountPath", "topologySpreadConstraints", "topologyKey");

    private Kustomize() {
    }

    /** The objects {@code kustomize build dir} prints, in kustomization order. */
    static List<ObjectNode> build(Path dir) {
        ObjectNode k = kustomization(dir, "Kustomization", KUSTOMIZATION_FIELDS);
        List<ObjectNode> out = new ArrayList<>();
        apply(dir, k, out);
        String namespace = k.path("namespace").asText("");
        if (!namespace.isEmpty()) {
            out.stream().filter(o -> !CLUSTER_SCOPED.contains(o.path("kind").asText()))
                    .forEach(o -> meta(o).put("namespace", namespace));
        }
        for (JsonNode entry : k.path("labels")) {
            Set<String> fields = new HashSet<>();
            entry.fieldNames().forEachRemaining(fields::add);
            if (!Set.of("pairs").containsAll(fields)) {
                throw new IllegalArgumentException(dir + ": labels support only 'pairs' (no selectors or templates), got " + fields);
            }
            for (ObjectNode o : out) {
                ObjectNode labels = meta(o).withObjectProperty("labels");
                entry.path("pairs").fields().forEachRemaining(e -> labels.set(e.getKey(), e.getValue().deepCopy()));
            }
        }
        return out;
    }

    /** Adds {@code k}'s resources to {@code acc}, then its components, then applies its patches to all of {@code acc}. */
    private static void apply(Path dir, ObjectNode k, List<ObjectNode> acc) {
        for (JsonNode entry : k.path("resources")) {
            Path path = dir.resolve(entry.asText()).normalize();
            List<ObjectNode> added = Files.isDirectory(path) ? build(path) : Manifests.read(path);
            for (ObjectNode o : added) {
                if (acc.stream().anyMatch(existing -> Manifests.id(existing).equals(Manifests.id(o)))) {
                    throw new IllegalArgumentException(path + ": " + Manifests.id(o) + " is already defined");
                }
                acc.add(o);
            }
        }
        for (JsonNode entry : k.path("components")) {
            Path component = dir.resolve(entry.asText()).normalize();
            apply(component, kustomization(component, "Component", COMPONENT_FIELDS), acc);
        }
        for (JsonNode entry : k.path("patches")) {
            patch(dir, entry, acc);
        }
    }

    private static void patch(Path dir, JsonNode entry, List<ObjectNode> acc) {
        Set<String> fields = new HashSet<>();
        entry.fieldNames().forEachRemaining(fields::add);
        if (!entry.has("path") || !Set.of("path", "target").containsAll(fields)) {
            throw new IllegalArgumentException(dir + ": a patch needs 'path' (and may have 'target'), got " + fields);
        }
        Path file = dir.resolve(entry.path("path").asText()).normalize();
        List<ObjectNode> docs = Manifests.read(file);
        if (docs.size() != 1) {
            throw new IllegalArgumentException(file + ": a patch file holds exactly one patch, found " + docs.size());
        }
        ObjectNode patch = docs.get(0);
        List<ObjectNode> targets = new ArrayList<>();
        if (entry.has("target")) {
            JsonNode target = entry.path("target");
            Pattern name = Pattern.compile(target.path("name").asText(".*"));
            for (ObjectNode o : acc) {
                if (o.path("kind").asText().equals(target.path("kind").asText())
                        && name.matcher(o.path("metadata").path("name").asText()).matches()) {
                    targets.add(o);
                }
            }
            // the target names the objects: the patch's own name and namespace are placeholders
            patch = patch.deepCopy();
            meta(patch).remove(List.of("name", "namespace"));
        } else {
            String id = Manifests.id(patch);
            acc.stream().filter(o -> Manifests.id(o).equals(id)).forEach(targets::add);
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException(file + ": no resource matches the patch " + Manifests.id(patch));
        }
        for (ObjectNode o : targets) {
            merge(o, patch, file + " on " + Manifests.id(o));
        }
    }

    /** Strategic merge of {@code patch} into {@code dest}: maps merge, a null deletes, keyed lists merge item by item. */
    static void merge(ObjectNode dest, JsonNode patch, String where) {
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (key.startsWith("$")) {
                throw new IllegalArgumentException(where + ": patch directive " + key + " is not supported");
            }
            JsonNode current = dest.get(key);
            if (value.isNull()) {
                dest.remove(key);
            } else if (value.isObject() && current != null && current.isObject()) {
                merge((ObjectNode) current, value, where);
            } else if (value.isArray() && current != null && current.isArray() && MERGE_KEYS.containsKey(key)) {
                dest.set(key, mergeList((ArrayNode) current, (ArrayNode) value, MERGE_KEYS.get(key), where));
            } else {
                dest.set(key, value.deepCopy());
            }
        }
    }

    /** kustomize's order: the patch's items first (merged into their namesakes), then the untouched originals. */
    private static ArrayNode mergeList(ArrayNode current, ArrayNode patch, String mergeKey, String where) {
        ArrayNode out = current.arrayNode();
        Set<String> patched = new HashSet<>();
        for (JsonNode item : patch) {
            String key = item.path(mergeKey).asText(null);
            if (key == null) {
                throw new IllegalArgumentException(where + ": a list item lacks its merge key '" + mergeKey + "': " + item);
            }
            patched.add(key);
            ObjectNode merged = null;
            for (JsonNode old : current) {
                if (key.equals(old.path(mergeKey).asText(null))) {
                    merged = (ObjectNode) old.deepCopy();
                    merge(merged, item, where);
                }
            }
            out.add(merged != null ? merged : item.deepCopy());
        }
        for (JsonNode old : current) {
            if (!patched.contains(old.path(mergeKey).asText(null))) {
                out.add(old.deepCopy());
            }
        }
        return out;
    }

    private static ObjectNode kustomization(Path dir, String kind, Set<String> allowed) {
        Path file = dir.resolve("kustomization.yaml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(dir + ": no kustomization.yaml");
        }
        List<ObjectNode> docs = Manifests.read(file);
        ObjectNode k = docs.get(0);
        if (!kind.equals(k.path("kind").asText())) {
            throw new IllegalArgumentException(file + ": expected kind " + kind + ", got " + k.path("kind").asText());
        }
        k.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) {
                throw new IllegalArgumentException(file + ": '" + f + "' is outside the kustomize subset k8s-check renders");
            }
        });
        return k;
    }

    private static ObjectNode meta(ObjectNode o) {
        return o.withObjectProperty("metadata");
    }
}
