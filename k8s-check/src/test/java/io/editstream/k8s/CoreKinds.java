package io.editstream.k8s;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Strict parsing of the built-in kinds with the fabric8 Kubernetes model. The model keeps fields it does not know
 * in {@code additionalProperties} instead of failing, so every parsed object is walked and any such field is
 * reported with its path: a misspelled {@code resource:} is an error here, not a silently ignored key on a cluster.
 */
final class CoreKinds {
    /** kind → apiVersion and model class. */
    static final Map<String, Map.Entry<String, Class<?>>> KINDS = Map.of(
            "Namespace", Map.entry("v1", Namespace.class),
            "ConfigMap", Map.entry("v1", ConfigMap.class),
            "Secret", Map.entry("v1", Secret.class),
            "Service", Map.entry("v1", Service.class),
            "Deployment", Map.entry("apps/v1", Deployment.class),
            "PodDisruptionBudget", Map.entry("policy/v1", PodDisruptionBudget.class),
            "NetworkPolicy", Map.entry("networking.k8s.io/v1", NetworkPolicy.class));

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private CoreKinds() {
    }

    /** Problems of one object of a kind in {@link #KINDS}, each starting with the object's id. */
    static List<String> validate(JsonNode object) {
        String id = Manifests.id(object);
        String kind = object.path("kind").asText();
        List<String> problems = new ArrayList<>();
        Map.Entry<String, Class<?>> type = KINDS.get(kind);
        if (!type.getKey().equals(object.path("apiVersion").asText())) {
            problems.add(id + ": apiVersion must be " + type.getKey() + ", got '" + object.path("apiVersion").asText() + "'");
        }
        Object parsed;
        try {
            parsed = MAPPER.treeToValue(object, type.getValue());
        } catch (JsonMappingException e) {
            String path = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            problems.add(id + ": field " + path + ": " + e.getOriginalMessage());
            return problems;
        } catch (Exception e) {
            problems.add(id + ": cannot be parsed as " + kind + ": " + e.getMessage());
            return problems;
        }
        unknownFields(parsed, "", id, problems, new IdentityHashMap<>());
        required(parsed, object, id, problems);
        return problems;
    }

    /** Walks the model's getters, reporting every non-empty additionalProperties with the path that led there. */
    private static void unknownFields(Object node, String path, String id, List<String> problems, Map<Object, Boolean> seen) {
        if (node == null || seen.put(node, Boolean.TRUE) != null) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", id, problems, seen);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, id, problems, seen));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    for (Object field : extra.keySet()) {
                        problems.add(id + ": unknown field " + (path.isEmpty() ? "" : path.substring(1) + ".") + field);
                    }
                }
                continue;
            }
            String name = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
            unknownFields(value, path + "." + name, id, problems, seen);
        }
    }

    /** The fields the API server would insist on, and the links between them that make the object work. */
    private static void required(Object parsed, JsonNode object, String id, List<String> problems) {
        if (object.path("metadata").path("name").asText("").isEmpty()) {
            problems.add(id + ": metadata.name is required");
        }
        if (parsed instanceof Deployment d) {
            if (d.getSpec() == null || d.getSpec().getSelector() == null || d.getSpec().getTemplate() == null) {
                problems.add(id + ": spec.selector and spec.template are required");
                return;
            }
            Map<String, String> selector = d.getSpec().getSelector().getMatchLabels();
            Map<String, String> labels = d.getSpec().getTemplate().getMetadata() == null ? Map.of()
                    : d.getSpec().getTemplate().getMetadata().getLabels();
            if (selector == null || selector.isEmpty() || labels == null
                    || !labels.entrySet().containsAll(selector.entrySet())) {
                problems.add(id + ": spec.selector.matchLabels must be non-empty and match spec.template.metadata.labels");
            }
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            if (pod == null || pod.getContainers() == null || pod.getContainers().isEmpty()) {
                problems.add(id + ": spec.template.spec.containers is required");
                return;
            }
            for (Container c : pod.getContainers()) {
                if (c.getName() == null || c.getImage() == null) {
                    problems.add(id + ": every container needs name and image");
                }
            }
        } else if (parsed instanceof Service s) {
            if (s.getSpec() == null || s.getSpec().getPorts() == null || s.getSpec().getPorts().isEmpty()) {
                problems.add(id + ": spec.ports is required");
            }
        } else if (parsed instanceof PodDisruptionBudget p) {
            if (p.getSpec() == null || p.getSpec().getSelector() == null
                    || (p.getSpec().getMinAvailable() == null) == (p.getSpec().getMaxUnavailable() == null)) {
                problems.add(id + ": spec.selector and exactly one of minAvailable and maxUnavailable are required");
            }
        } else if (parsed instanceof NetworkPolicy n) {
            if (n.getSpec() == null || n.getSpec().getPodSelector() == null) {
                problems.add(id + ": spec.podSelector is required (use {} for every pod)");
            }
        }
    }
}
