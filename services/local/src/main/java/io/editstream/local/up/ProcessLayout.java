package io.editstream.local.up;

import io.editstream.local.EmbeddedInfra;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which OS processes {@code up} runs and how each is configured: the broker and the S3 endpoint as two
 * processes (so either can fail alone), then every service, consumers first and the gateway last, with as many
 * replicas as asked. Each replica gets a stable group member id (so a restart takes its partitions back
 * without a rebalance), its own Streams state folder and its own log file. Pure: it only plans.
 */
public record ProcessLayout(Path dataDir, List<String> java, int gatewayPort, Map<String, Integer> replicas) {

    /** The six services in start-up order. */
    public static final List<String> SERVICES = List.of("reasoner", "cue-extractor", "enhancer", "diffusion-renderer",
            "scorer", "gateway");
    public static final String KAFKA = "kafka";
    public static final String S3 = "s3";

    public ProcessLayout {
        java = List.copyOf(java);
        replicas = Map.copyOf(replicas);
        replicas.keySet().forEach(name -> {
            if (!SERVICES.contains(name)) {
                throw new IllegalArgumentException("--replicas names an unknown service '" + name + "'; one of " + SERVICES);
            }
        });
    }

    /** Parses {@code diffusion-renderer=2,reasoner=1}; every service not named runs once. */
    public static Map<String, Integer> parseReplicas(String spec) {
        Map<String, Integer> out = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return out;
        }
        for (String part : spec.split(",")) {
            String[] kv = part.trim().split("=");
            if (kv.length != 2) {
                throw new IllegalArgumentException("--replicas takes service=count pairs, e.g. diffusion-renderer=2; got '" + part + "'");
            }
            int count;
            try {
                count = Integer.parseInt(kv[1].trim());
            } catch (NumberFormatException e) {
                count = -1;
            }
            if (count < 1 || count > 16) {
                throw new IllegalArgumentException("--replicas " + kv[0].trim() + " must be a count from 1 to 16, got '" + kv[1].trim() + "'");
            }
            out.put(kv[0].trim().toLowerCase(Locale.ROOT), count);
        }
        return out;
    }

    public int replicasOf(String service) {
        return replicas.getOrDefault(service, 1);
    }

    /** The broker and the S3 endpoint on the data folder, on the ports and with the keys {@code planned}. */
    public List<Supervisor.Spec> infrastructure(EmbeddedInfra.Settings planned) {
        // the secret travels in the environment, not on a command line every user can read with ps
        Map<String, String> keys = Map.of("S3_ACCESS_KEY", planned.accessKey().orElseThrow(),
                "S3_SECRET_KEY", planned.secretKey().orElseThrow());
        return List.of(
                spec(KAFKA, List.of("infra", "--only", "KAFKA", "--data-dir", dataDir.toString(),
                        "--kafka-port", Integer.toString(planned.kafkaPort())), Map.of()),
                spec(S3, List.of("infra", "--only", "S3", "--data-dir", dataDir.toString(),
                        "--s3-port", Integer.toString(planned.s3Port())), keys));
    }

    /** Every service replica, configured by {@code connection} (the values of connection.env). */
    public List<Supervisor.Spec> services(Map<String, String> connection) {
        List<Supervisor.Spec> specs = new ArrayList<>();
        for (String service : SERVICES) {
            for (int r = 1; r <= replicasOf(service); r++) {
                String name = processName(service, r);
                Map<String, String> env = new LinkedHashMap<>(connection);
                env.put("KAFKA_INSTANCE_ID", name);
                env.put("STREAMS_STATE_DIR", dataDir.resolve("state").resolve(name).toString());
                env.put("HTTP_PORT", service.equals("gateway") ? Integer.toString(gatewayPort + r - 1) : "0");
                env.put("STREAMS_ADVERTISED_HOST", "localhost");
                if (service.equals("gateway") && System.getenv("AUTH_MODE") == null) {
                    // local processes: open, as serve is (the gateway logs it loudly); AUTH_MODE and AUTH_KEYS_FILE close it
                    env.put("AUTH_ALLOW_ANONYMOUS", "true");
                }
                specs.add(spec(name, List.of("service", service), env));
            }
        }
        return specs;
    }

    /** {@code diffusion-renderer-2}: the service and its replica number. */
    public static String processName(String service, int replica) {
        return service + "-" + replica;
    }

    /** The service a process name belongs to ({@code kafka} and {@code s3} are their own kinds). */
    public static String kindOf(String processName) {
        int dash = processName.lastIndexOf('-');
        return dash > 0 && processName.substring(dash + 1).chars().allMatch(Character::isDigit)
                ? processName.substring(0, dash) : processName;
    }

    private Supervisor.Spec spec(String name, List<String> args, Map<String, String> env) {
        List<String> command = new ArrayList<>(java);
        command.addAll(args);
        return new Supervisor.Spec(name, command, env, dataDir.resolve("logs").resolve(name + ".log"));
    }
}
