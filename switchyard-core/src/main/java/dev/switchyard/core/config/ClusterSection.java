package dev.switchyard.core.config;

import dev.switchyard.core.config.ClusterConfig.KubernetesTarget;
import dev.switchyard.core.config.ClusterConfig.Recovery;
import dev.switchyard.core.config.ClusterConfig.RoleHealth;
import dev.switchyard.core.config.ClusterConfig.RoleSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Reads the {@code cluster:} section; the secret falls back to {@code SWITCHYARD_CLUSTER_SECRET}. */
final class ClusterSection {
    private static final Set<String> STRATEGIES = Set.of("round_robin", "random", "least_connections", "weighted",
            "latency", "latency_aware", "p2c");

    private ClusterSection() {}

    static ClusterConfig read(Node n, Function<String, String> env) {
        ClusterConfig d = ClusterConfig.allInOne();
        String envSecret = env.apply(ClusterConfig.SECRET_ENV);
        String fallbackSecret = envSecret == null || envSecret.isBlank() ? null : envSecret;
        if (!n.present()) {
            return d.withSecret(fallbackSecret);
        }
        n.allowOnly(Set.of("roles", "secret", "host", "port", "advertise", "instance_id", "zone", "weight",
                "metadata", "call_timeout", "health", "role_settings"));
        Set<String> roles = roles(n.get("roles"), d.roles());
        String secret = n.get("secret").text(fallbackSecret);
        if (secret != null && secret.length() < 16) {
            n.get("secret").problem("must be at least 16 characters (a shared secret guessable is no credential), got "
                    + secret.length());
        }
        Node adv = n.get("advertise");
        URI advertise = advertise(adv);
        String id = n.get("instance_id").text(null);
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : n.get("metadata").entries()) {
            metadata.put(e.getKey(), e.getValue().text(""));
        }
        return new ClusterConfig(roles, secret, n.get("host").text(d.host()),
                n.get("port").integer(d.port(), 0, 65535), advertise, id, n.get("zone").text(""),
                n.get("weight").integer(1, 1, 1000), metadata,
                ConfigLoader.positive(n.get("call_timeout"), d.callTimeout()),
                health(n.get("health")), roleSettings(n.get("role_settings")));
    }

    private static Set<String> roles(Node n, Set<String> dflt) {
        if (!n.present()) {
            return dflt;
        }
        Set<String> out = new LinkedHashSet<>();
        for (String r : n.strings()) {
            if (r.equals("all")) {
                out.addAll(ClusterConfig.ALL_ROLES);
            } else if (ClusterConfig.ALL_ROLES.contains(r)) {
                out.add(r);
            } else {
                n.problem("unknown role '" + r + "' (known: " + String.join(", ", ClusterConfig.ALL_ROLES) + ", all)");
            }
        }
        if (out.isEmpty()) {
            n.problem("must name at least one role");
            return dflt;
        }
        return out;
    }

    private static URI advertise(Node n) {
        String s = n.text(null);
        if (s == null) {
            return null;
        }
        try {
            URI u = new URI(s);
            if ((u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https")))
                    || u.getHost() == null || u.getPort() < 0) {
                n.problem("expected http(s)://host:port, got '" + s + "'");
                return null;
            }
            return u;
        } catch (URISyntaxException e) {
            n.problem("expected http(s)://host:port, got '" + s + "'");
            return null;
        }
    }

    private static RoleHealth health(Node n) {
        RoleHealth d = RoleHealth.defaults();
        if (!n.present()) {
            return d;
        }
        n.allowOnly(Set.of("interval", "timeout", "unhealthy_threshold", "healthy_threshold", "jitter",
                "eject_after_failures", "recovery_after_checks"));
        double jitter = n.get("jitter").number(d.jitter(), 0);
        if (jitter > 0.5) {
            n.get("jitter").problem("must be between 0 and 0.5, got " + jitter);
            jitter = d.jitter();
        }
        return new RoleHealth(ConfigLoader.positive(n.get("interval"), d.interval()),
                ConfigLoader.positive(n.get("timeout"), d.timeout()),
                n.get("unhealthy_threshold").integer(d.unhealthyThreshold(), 1, 100),
                n.get("healthy_threshold").integer(d.healthyThreshold(), 1, 100), jitter,
                n.get("eject_after_failures").integer(d.ejectAfterFailures(), 1, 1000),
                n.get("recovery_after_checks").integer(d.recoveryAfterChecks(), 1, 1000));
    }

    private static Map<String, RoleSettings> roleSettings(Node n) {
        Map<String, RoleSettings> out = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : n.entries()) {
            Node r = e.getValue();
            if (!ClusterConfig.ALL_ROLES.contains(e.getKey())) {
                r.problem("unknown role (known: " + String.join(", ", ClusterConfig.ALL_ROLES) + ")");
                continue;
            }
            r.allowOnly(Set.of("strategy", "recovery", "command", "kubernetes"));
            String strategy = r.get("strategy").text("round_robin").strip().toLowerCase(Locale.ROOT);
            if (!STRATEGIES.contains(strategy)) {
                r.get("strategy").problem("unknown strategy '" + strategy
                        + "' (known: round_robin, random, least_connections, weighted, latency)");
                strategy = "round_robin";
            }
            Recovery recovery = recovery(r.get("recovery"));
            List<String> command = r.get("command").strings();
            if (recovery == Recovery.COMMAND && command.isEmpty()) {
                r.get("command").problem("is required with recovery: command (the program and its arguments)");
            }
            KubernetesTarget k8s = recovery == Recovery.KUBERNETES ? kubernetes(r.get("kubernetes")) : null;
            out.put(e.getKey(), new RoleSettings(strategy, recovery, command, k8s));
        }
        return out;
    }

    /** {@code kubernetes: {namespace, deployment}} or {@code {namespace, delete_pods: true, pod_selector: {...}}}. */
    private static KubernetesTarget kubernetes(Node n) {
        n.allowOnly(Set.of("namespace", "deployment", "delete_pods", "pod_selector"));
        boolean deletePods = n.get("delete_pods").bool(false);
        String deployment = n.get("deployment").text("");
        Map<String, String> selector = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : n.get("pod_selector").entries()) {
            selector.put(e.getKey(), e.getValue().text(""));
        }
        if (deletePods && selector.isEmpty()) {
            n.get("pod_selector").problem(
                    "is required with delete_pods: true (an empty selector would match every pod)");
        }
        if (!deletePods && deployment.isBlank()) {
            n.get("deployment").problem("is required with recovery: kubernetes (the Deployment to restart), or set"
                    + " delete_pods: true with a pod_selector");
        }
        return new KubernetesTarget(n.get("namespace").text("default"), deployment, selector, deletePods);
    }

    private static Recovery recovery(Node n) {
        String s = n.text("none");
        for (Recovery r : Recovery.values()) {
            if (r.configName().equals(s)) {
                return r;
            }
        }
        n.problem("unknown recovery '" + s + "' (known: none, process, command, kubernetes)");
        return Recovery.NONE;
    }

}
