package io.editstream.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import io.editstream.kafka.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The pipeline's own rules over one rendered overlay; each problem names the object it is about. */
final class PipelineRules {
    private PipelineRules() {
    }

    static List<String> check(List<? extends JsonNode> objects, boolean gpuOverlay) {
        List<String> problems = new ArrayList<>();
        Map<String, Integer> partitions = topics(objects, problems);
        users(objects, problems);
        scalers(objects, partitions, problems);
        deployments(objects, gpuOverlay, problems);
        return problems;
    }

    static List<JsonNode> ofKind(List<? extends JsonNode> objects, String kind) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).map(o -> (JsonNode) o).toList();
    }

    /** One KafkaTopic per registry topic, and the same partition count on every topic a view folds or a join joins. */
    private static Map<String, Integer> topics(List<? extends JsonNode> objects, List<String> problems) {
        Map<String, Integer> partitions = new HashMap<>();
        for (JsonNode t : ofKind(objects, "KafkaTopic")) {
            String name = t.path("spec").path("topicName").asText(t.path("metadata").path("name").asText());
            partitions.put(name, t.path("spec").path("partitions").asInt());
        }
        Set<String> missing = new TreeSet<>(Topics.all());
        missing.removeAll(partitions.keySet());
        Set<String> extra = new TreeSet<>(partitions.keySet());
        extra.removeAll(Topics.all());
        if (!missing.isEmpty() || !extra.isEmpty()) {
            problems.add("KafkaTopics differ from Topics.all(): missing " + missing + ", not in the registry " + extra);
        }
        Set<Integer> copartitioned = new TreeSet<>();
        partitions.forEach((name, n) -> {
            if (!name.endsWith(".dlq")) {
                copartitioned.add(n);
            }
        });
        if (copartitioned.size() > 1) {
            problems.add("KafkaTopics: the event and failed topics must be co-partitioned, found partition counts " + copartitioned);
        }
        return partitions;
    }

    /** Each service writes exactly its own topics, reads its inputs, and a stage owns its transactional ids. */
    private static void users(List<? extends JsonNode> objects, List<String> problems) {
        Set<String> users = new TreeSet<>();
        for (JsonNode u : ofKind(objects, "KafkaUser")) {
            String name = u.path("metadata").path("name").asText();
            String id = Manifests.id(u);
            users.add(name);
            Pipeline service = Pipeline.SERVICES.get(name);
            Set<String> written = new TreeSet<>();
            Set<String> read = new TreeSet<>();
            boolean transactions = false;
            for (JsonNode acl : u.path("spec").path("authorization").path("acls")) {
                JsonNode resource = acl.path("resource");
                String type = resource.path("type").asText();
                String target = resource.path("name").asText();
                boolean prefix = resource.path("patternType").asText("literal").equals("prefix");
                Set<String> ops = new TreeSet<>();
                acl.path("operations").forEach(op -> ops.add(op.asText()));
                boolean writes = ops.contains("Write") || ops.contains("All");
                if (type.equals("topic") && writes) {
                    if (service == null) {
                        problems.add(id + ": may not Write any topic, but Writes " + target);
                    } else if (prefix) {
                        // a Kafka Streams application's internal topics: named after the service, never a registry topic
                        List<String> covered = Topics.all().stream().filter(t -> t.startsWith(target)).toList();
                        if (!target.startsWith(name + "-") || !covered.isEmpty()) {
                            problems.add(id + ": Write on topic prefix '" + target + "' must be its own internal topics ("
                                    + name + "-...), and it covers " + covered);
                        }
                    } else if (!service.writes().contains(target)) {
                        problems.add(id + ": Writes topic " + target + ", which " + name + " does not write (owner "
                                + (target.contains(".") ? Pipeline.owner(target) : "none") + ")");
                    } else {
                        written.add(target);
                    }
                }
                if (type.equals("topic") && !prefix && (ops.contains("Read") || ops.contains("All"))) {
                    read.add(target);
                }
                if (type.equals("transactionalId") && writes) {
                    transactions = true;
                    if (service == null || !prefix || !target.startsWith(name + "-")) {
                        problems.add(id + ": transactional id '" + target + "' must be the prefix " + name + "-");
                    }
                }
            }
            if (service != null) {
                Set<String> unwritable = new TreeSet<>(service.writes());
                unwritable.removeAll(written);
                if (!unwritable.isEmpty()) {
                    problems.add(id + ": lacks Write on " + unwritable);
                }
                if (!read.containsAll(service.inputs())) {
                    problems.add(id + ": lacks Read on one of its inputs " + service.inputs());
                }
                if (!service.inputs().isEmpty() && !transactions) {
                    problems.add(id + ": its transactional producer needs Write on transactional ids " + name + "-");
                }
            }
        }
        if (!users.containsAll(Pipeline.SERVICES.keySet())) {
            problems.add("KafkaUsers: every service needs one, found " + users);
        }
    }

    /** A scaler per consuming stage, on its own group and inputs, never allowed more members than partitions. */
    private static void scalers(List<? extends JsonNode> objects, Map<String, Integer> partitions, List<String> problems) {
        Set<String> scaled = new TreeSet<>();
        for (JsonNode s : ofKind(objects, "ScaledObject")) {
            String id = Manifests.id(s);
            String target = s.path("spec").path("scaleTargetRef").path("name").asText();
            scaled.add(target);
            Pipeline service = Pipeline.SERVICES.get(target);
            if (service == null || service.inputs().isEmpty()) {
                problems.add(id + ": scales " + target + ", which is not a consuming stage");
                continue;
            }
            int max = s.path("spec").path("maxReplicaCount").asInt(100);   // KEDA's default is 100
            for (JsonNode trigger : s.path("spec").path("triggers")) {
                if (!trigger.path("type").asText().equals("kafka")) {
                    continue;
                }
                String topic = trigger.path("metadata").path("topic").asText();
                String group = trigger.path("metadata").path("consumerGroup").asText();
                if (!group.equals(target) || !service.inputs().contains(topic)) {
                    problems.add(id + ": a trigger must watch group " + target + " on one of " + service.inputs()
                            + ", got group " + group + " topic " + topic);
                } else if (!partitions.containsKey(topic) || max > partitions.get(topic)) {
                    problems.add(id + ": maxReplicaCount " + max + " exceeds the " + partitions.get(topic)
                            + " partitions of its input " + topic);
                }
            }
        }
        Set<String> stages = new TreeSet<>(Topics.STAGES);
        stages.remove(Topics.GATEWAY);
        if (!scaled.containsAll(stages)) {
            problems.add("ScaledObjects: every consuming stage " + stages + " needs one, found " + scaled);
        }
    }

    private static void deployments(List<? extends JsonNode> objects, boolean gpuOverlay, List<String> problems) {
        List<JsonNode> budgets = ofKind(objects, "PodDisruptionBudget");
        Set<String> users = new TreeSet<>();
        ofKind(objects, "KafkaUser").forEach(u -> users.add(u.path("metadata").path("name").asText()));
        Set<String> withGpu = new TreeSet<>();
        for (JsonNode d : ofKind(objects, "Deployment")) {
            String id = Manifests.id(d);
            String name = d.path("metadata").path("name").asText();
            JsonNode pod = d.path("spec").path("template");
            JsonNode labels = pod.path("metadata").path("labels");
            if (budgets.stream().noneMatch(b -> matches(b.path("spec").path("selector").path("matchLabels"), labels))) {
                problems.add(id + ": no PodDisruptionBudget selects its pods");
            }
            if (pod.path("spec").path("topologySpreadConstraints").isEmpty()) {
                problems.add(id + ": no topologySpreadConstraints");
            }
            for (JsonNode c : pod.path("spec").path("containers")) {
                JsonNode resources = c.path("resources");
                if (!resources.path("requests").has("cpu") || !resources.path("requests").has("memory")) {
                    problems.add(id + ": container " + c.path("name").asText() + " needs cpu and memory requests");
                }
                if (resources.path("requests").has("nvidia.com/gpu") || resources.path("limits").has("nvidia.com/gpu")) {
                    withGpu.add(name);
                }
                if (users.contains(name)) {
                    kafkaLogin(id, name, c, problems);
                }
            }
        }
        Set<String> expected = gpuOverlay ? Pipeline.GPU_STAGES : Set.of();
        if (!withGpu.equals(expected)) {
            problems.add("Deployments requesting nvidia.com/gpu: expected " + new TreeSet<>(expected) + ", found " + withGpu);
        }
        boolean denyAll = ofKind(objects, "NetworkPolicy").stream().anyMatch(p -> p.path("spec").path("podSelector").isEmpty()
                && p.path("spec").path("policyTypes").toString().equals("[\"Ingress\"]") && !p.path("spec").has("ingress"));
        if (!denyAll) {
            problems.add("NetworkPolicy: none denies ingress by default (podSelector {}, policyTypes [Ingress], no rules)");
        }
    }

    /** The service logs in as the KafkaUser of its own name, with that user's password. */
    private static void kafkaLogin(String id, String name, JsonNode container, List<String> problems) {
        Map<String, JsonNode> env = new HashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e));
        String user = env.containsKey("KAFKA_SASL_USERNAME") ? env.get("KAFKA_SASL_USERNAME").path("value").asText() : null;
        String secret = env.containsKey("KAFKA_SASL_PASSWORD")
                ? env.get("KAFKA_SASL_PASSWORD").path("valueFrom").path("secretKeyRef").path("name").asText() : null;
        if (!name.equals(user) || !name.equals(secret)) {
            problems.add(id + ": must log in as KafkaUser " + name + " (KAFKA_SASL_USERNAME " + user
                    + ", KAFKA_SASL_PASSWORD from Secret " + secret + ")");
        }
    }

    private static boolean matches(JsonNode selector, JsonNode labels) {
        if (selector.isEmpty()) {
            return false;
        }
        var it = selector.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (!e.getValue().equals(labels.path(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
