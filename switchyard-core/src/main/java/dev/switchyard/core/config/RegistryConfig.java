package dev.switchyard.core.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code registry:} section: which backend finds the other roles' instances, and its settings. Only the
 * chosen type's settings must be complete; the others keep their defaults. Without the section the registry
 * is static and empty: every role runs in this process, as before issue 11.
 */
public record RegistryConfig(Type type, List<Peer> instances, Dns dns, Etcd etcd, Kubernetes kubernetes) {
    /** The roles a process can serve; registry entries naming any other role are config errors. */
    public static final Set<String> ROLES = Set.copyOf(ClusterConfig.ALL_ROLES);

    public RegistryConfig {
        instances = List.copyOf(instances);
    }

    public static RegistryConfig defaults() {
        return new RegistryConfig(Type.STATIC, List.of(), Dns.defaults(), Etcd.defaults(), Kubernetes.defaults());
    }

    /**
     * The quick-start form: {@code --peer ROLE=URL} adds static instances. Peers only make sense for the
     * static registry, so any other configured type is refused rather than silently overridden.
     */
    public RegistryConfig withPeers(List<Peer> peers) {
        if (peers.isEmpty()) {
            return this;
        }
        if (type != Type.STATIC) {
            throw new ConfigException(List.of("--peer: only with registry.type static, got "
                    + type.configName()));
        }
        List<Peer> all = new ArrayList<>(instances);
        all.addAll(peers);
        return new RegistryConfig(type, all, dns, etcd, kubernetes);
    }

    public enum Type {
        STATIC, DNS, ETCD, KUBERNETES;

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One statically known instance of a role. */
    public record Peer(String role, String id, URI address, String zone, int weight, Map<String, String> metadata) {
        public Peer {
            metadata = Map.copyOf(metadata);
        }
    }

    public enum RecordType { A, SRV }

    /**
     * DNS discovery: each role's name is re-resolved every {@code period}. SRV records give host, port and
     * weight; A records give addresses and {@code port} is used for all of them.
     *
     * @param resolverHost the DNS server to ask, or null for the system's resolver
     */
    public record Dns(Map<String, String> names, RecordType record, int port, String scheme, String resolverHost,
            int resolverPort, Duration period, Duration timeout) {
        public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(10);
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

        public Dns {
            names = Map.copyOf(names);
        }

        public static Dns defaults() {
            return new Dns(Map.of(), RecordType.SRV, 0, "http", null, 53, DEFAULT_PERIOD, DEFAULT_TIMEOUT);
        }
    }

    /**
     * etcd v3: instances live under {@code prefix/role/id} with a lease of {@code leaseTtl}, kept alive every
     * third of it; watches reconnect with a backoff from {@code backoffMin} doubling to {@code backoffMax}.
     */
    public record Etcd(List<URI> endpoints, String prefix, Duration leaseTtl, Duration timeout, Duration backoffMin,
            Duration backoffMax) {
        public static final String DEFAULT_PREFIX = "/switchyard/instances";
        public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(10);

        public Etcd {
            endpoints = List.copyOf(endpoints);
        }

        public static Etcd defaults() {
            return new Etcd(List.of(), DEFAULT_PREFIX, DEFAULT_LEASE_TTL, Duration.ofSeconds(5),
                    Duration.ofMillis(200), Duration.ofSeconds(5));
        }
    }

    /**
     * Kubernetes: the Service that fronts each role (its EndpointSlices list the role's ready pods), and how
     * often informers replay their cache (zero: never, the watch alone keeps it current).
     */
    public record Kubernetes(Map<String, KubernetesRole> roles, Duration resync) {
        public Kubernetes {
            roles = Map.copyOf(roles);
        }

        public static Kubernetes defaults() {
            return new Kubernetes(Map.of(), Duration.ZERO);
        }
    }

    /**
     * @param portName the slice port of the role endpoint; "" when the Service has a single port
     * @param scheme http or https, for the instances' addresses
     */
    public record KubernetesRole(String namespace, String service, String portName, String scheme) {}
}
