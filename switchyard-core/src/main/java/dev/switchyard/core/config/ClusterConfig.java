package dev.switchyard.core.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code cluster:} section: which roles this process serves, and how it serves them to, and calls
 * them on, other processes. Without the section a process serves every role itself and opens no role
 * port, exactly as a single-process Switchyard always has.
 *
 * <p>{@code secret} is the shared cluster credential every call between roles carries. It is a secret:
 * {@link #toString()} never prints it.
 *
 * @param roles the roles served here; every role not in it is called on other instances found in the registry
 * @param secret the cluster credential ({@code cluster.secret} or {@code SWITCHYARD_CLUSTER_SECRET}); null when unset
 * @param host the address the role port binds
 * @param port the role port (0: any free port)
 * @param advertise the address others reach this process's role port at; null: {@code http://host:port}
 * @param instanceId this process's id in the registry; null: generated at start
 * @param callTimeout the deadline of a call to another role when the request has none of its own
 * @param health active checks of other roles' instances
 * @param roleSettings per called role: balancing strategy and recovery
 */
public record ClusterConfig(Set<String> roles, String secret, String host, int port, URI advertise, String instanceId,
        String zone, int weight, Map<String, String> metadata, Duration callTimeout, RoleHealth health,
        Map<String, RoleSettings> roleSettings) {

    /** Every role, in the order the roles are started. */
    public static final List<String> ALL_ROLES = List.of("cache", "conversation", "auth", "filter", "translation",
            "claude", "gateway");
    public static final String SECRET_ENV = "SWITCHYARD_CLUSTER_SECRET";
    public static final int DEFAULT_PORT = 7001;

    public ClusterConfig {
        roles = Set.copyOf(roles);
        zone = zone == null ? "" : zone;
        metadata = Map.copyOf(metadata);
        roleSettings = Map.copyOf(roleSettings);
    }

    /** Every role in this process, no role port: the single-process default. */
    public static ClusterConfig allInOne() {
        return new ClusterConfig(Set.copyOf(ALL_ROLES), null, "127.0.0.1", DEFAULT_PORT, null, null, "", 1, Map.of(),
                Duration.ofSeconds(30), RoleHealth.defaults(), Map.of());
    }

    public boolean serves(String role) {
        return roles.contains(role);
    }

    /** Whether every role runs here, so nothing is remote and no role port is needed. */
    public boolean allLocal() {
        return roles.containsAll(ALL_ROLES);
    }

    /** Whether this process serves a role other processes call: it then opens the role port. */
    public boolean servesOthers() {
        return !allLocal() && roles.stream().anyMatch(r -> !r.equals("gateway"));
    }

    /** The roles called on other instances, in start order. */
    public List<String> remoteRoles() {
        return ALL_ROLES.stream().filter(r -> !roles.contains(r) && !r.equals("gateway")).toList();
    }

    public RoleSettings settings(String role) {
        return roleSettings.getOrDefault(role, RoleSettings.defaults());
    }

    public ClusterConfig withRoles(Set<String> newRoles) {
        return new ClusterConfig(newRoles, secret, host, port, advertise, instanceId, zone, weight, metadata,
                callTimeout, health, roleSettings);
    }

    public ClusterConfig withPort(int newPort) {
        return new ClusterConfig(roles, secret, host, newPort, advertise, instanceId, zone, weight, metadata,
                callTimeout, health, roleSettings);
    }

    public ClusterConfig withInstanceId(String id) {
        return new ClusterConfig(roles, secret, host, port, advertise, id, zone, weight, metadata, callTimeout,
                health, roleSettings);
    }

    public ClusterConfig withSecret(String newSecret) {
        return new ClusterConfig(roles, newSecret, host, port, advertise, instanceId, zone, weight, metadata,
                callTimeout, health, roleSettings);
    }

    public ClusterConfig withHealth(RoleHealth newHealth) {
        return new ClusterConfig(roles, secret, host, port, advertise, instanceId, zone, weight, metadata,
                callTimeout, newHealth, roleSettings);
    }

    /**
     * Parses {@code --roles gateway,claude}: known role names, comma-separated, at least one; every bad
     * name is reported, naming the option.
     */
    public static Set<String> parseRoles(String spec) {
        Set<String> out = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        for (String part : (spec == null ? "" : spec).split(",")) {
            String role = part.strip().toLowerCase(Locale.ROOT);
            if (role.isEmpty()) {
                continue;
            }
            if (role.equals("all")) {
                out.addAll(ALL_ROLES);
            } else if (ALL_ROLES.contains(role)) {
                out.add(role);
            } else {
                problems.add("--roles: unknown role '" + part.strip() + "' (known: " + String.join(", ", ALL_ROLES)
                        + ", all)");
            }
        }
        if (out.isEmpty() && problems.isEmpty()) {
            problems.add("--roles: expected at least one role, got '" + spec + "'");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return out;
    }

    @Override
    public String toString() {
        return "ClusterConfig[roles=" + roles + ", secret=" + (secret == null ? "<unset>" : "<redacted>") + ", host="
                + host + ", port=" + port + ", advertise=" + advertise + ", instanceId=" + instanceId + ", zone=" + zone
                + ", weight=" + weight + ", metadata=" + metadata + ", callTimeout=" + callTimeout + ", health="
                + health + ", roleSettings=" + roleSettings + "]";
    }

    /**
     * Active checks of other roles' instances; the defaults are the design's (GET /health every 30 s,
     * 5 s timeout, out after 3 failures, back after 2 successes, ±10 % jitter).
     */
    public record RoleHealth(Duration interval, Duration timeout, int unhealthyThreshold, int healthyThreshold,
            double jitter, int ejectAfterFailures, int recoveryAfterChecks) {
        public static RoleHealth defaults() {
            return new RoleHealth(Duration.ofSeconds(30), Duration.ofSeconds(5), 3, 2, 0.1, 5, 3);
        }
    }

    /** Recovery strategies of a role whose instances all stay unhealthy. */
    public enum Recovery {
        NONE, PROCESS, COMMAND, KUBERNETES;

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * How this process calls one role: the balancing strategy's config name (as for models) and what
     * recovers the role.
     *
     * @param command for {@link Recovery#COMMAND}: the program and its arguments, the role appended
     * @param kubernetes for {@link Recovery#KUBERNETES}: what to restart; null otherwise
     */
    public record RoleSettings(String strategy, Recovery recovery, List<String> command, KubernetesTarget kubernetes) {
        public RoleSettings {
            command = List.copyOf(command);
        }

        public RoleSettings(String strategy, Recovery recovery, List<String> command) {
            this(strategy, recovery, command, null);
        }

        public static RoleSettings defaults() {
            return new RoleSettings("round_robin", Recovery.NONE, List.of(), null);
        }
    }

    /**
     * Where a role runs in Kubernetes, for its recovery: restart its Deployment (as {@code kubectl rollout
     * restart} does) or delete its pods that are not ready.
     *
     * @param deletePods true: delete the failing pods of {@code podSelector}; false: restart {@code deployment}
     */
    public record KubernetesTarget(String namespace, String deployment, Map<String, String> podSelector,
            boolean deletePods) {
        public KubernetesTarget {
            podSelector = Map.copyOf(podSelector);
        }
    }
}
