package dev.switchyard.core.config;

import dev.switchyard.core.config.RegistryConfig.Dns;
import dev.switchyard.core.config.RegistryConfig.Etcd;
import dev.switchyard.core.config.RegistryConfig.Kubernetes;
import dev.switchyard.core.config.RegistryConfig.KubernetesRole;
import dev.switchyard.core.config.RegistryConfig.Peer;
import dev.switchyard.core.config.RegistryConfig.RecordType;
import dev.switchyard.core.config.RegistryConfig.Type;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads the {@code registry:} section; only the chosen type's settings are required to be complete. */
final class RegistrySection {
    private RegistrySection() {}

    static RegistryConfig read(Node n) {
        if (!n.present()) {
            return RegistryConfig.defaults();
        }
        n.allowOnly(Set.of("type", "static", "dns", "etcd", "kubernetes"));
        Type type = type(n.get("type"));
        Node s = n.get("static");
        s.allowOnly(Set.of("instances"));
        List<Peer> peers = peers(s.get("instances"));
        Dns dns = dns(n.get("dns"), type == Type.DNS);
        Etcd etcd = etcd(n.get("etcd"), type == Type.ETCD);
        Kubernetes k8s = kubernetes(n.get("kubernetes"), type == Type.KUBERNETES);
        return new RegistryConfig(type, peers, dns, etcd, k8s);
    }

    private static Type type(Node n) {
        String t = n.text("static");
        for (Type type : Type.values()) {
            if (type.configName().equals(t)) {
                return type;
            }
        }
        n.problem("unknown registry type '" + t + "' (known: static, dns, etcd, kubernetes)");
        return Type.STATIC;
    }

    private static List<Peer> peers(Node list) {
        List<Peer> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Node p : list.list()) {
            p.allowOnly(Set.of("role", "id", "address", "zone", "weight", "metadata"));
            String role = role(p.get("role"));
            URI address = url(p.get("address"), true);
            String id = p.get("id").text(address == null ? "" : Peers.defaultId(role, address));
            if (!ids.add(role + "/" + id)) {
                p.get("id").problem("duplicate instance id '" + id + "' for role " + role);
            }
            out.add(new Peer(role, id, address == null ? URI.create("http://invalid") : address,
                    p.get("zone").text(""), p.get("weight").integer(1, 1, 1000), strings(p.get("metadata"))));
        }
        return out;
    }

    private static Dns dns(Node n, boolean chosen) {
        n.allowOnly(Set.of("names", "record", "port", "scheme", "resolver", "period", "timeout"));
        Dns d = Dns.defaults();
        Map<String, String> names = roleMap(n.get("names"));
        if (chosen && names.isEmpty()) {
            n.get("names").problem("is required for registry.type dns: a name per role");
        }
        RecordType record = recordType(n.get("record"));
        int port = n.get("port").integer(0, 1, 65535);
        if (chosen && record == RecordType.A && port == 0) {
            n.get("port").problem("is required with A records (they carry no port)");
        }
        String scheme = scheme(n.get("scheme"));
        Node r = n.get("resolver");
        String resolver = r.text(null);
        String host = null;
        int resolverPort = d.resolverPort();
        if (resolver != null) {
            URI u = parse("dns://" + resolver);
            if (u == null || u.getHost() == null) {
                r.problem("expected host or host:port, got '" + resolver + "'");
            } else {
                host = u.getHost();
                resolverPort = u.getPort() == -1 ? 53 : u.getPort();
            }
        }
        return new Dns(names, record, port, scheme, host, resolverPort,
                ConfigLoader.positive(n.get("period"), d.period()),
                ConfigLoader.positive(n.get("timeout"), d.timeout()));
    }

    private static Etcd etcd(Node n, boolean chosen) {
        n.allowOnly(Set.of("endpoints", "prefix", "lease_ttl", "timeout", "backoff"));
        Etcd d = Etcd.defaults();
        List<URI> endpoints = new ArrayList<>();
        for (Node e : n.get("endpoints").list()) {
            URI u = url(e, true);
            if (u != null) {
                endpoints.add(u);
            }
        }
        if (chosen && endpoints.isEmpty() && !n.get("endpoints").present()) {
            n.get("endpoints").problem("is required for registry.type etcd: at least one http(s) URL");
        }
        Node p = n.get("prefix");
        String prefix = p.text(d.prefix());
        if (!prefix.startsWith("/") || prefix.length() < 2) {
            p.problem("must start with / and name something, got '" + prefix + "'");
            prefix = d.prefix();
        }
        Node ttl = n.get("lease_ttl");
        Duration leaseTtl = ttl.duration(d.leaseTtl());
        if (leaseTtl.toMillis() < 1000 || leaseTtl.toMillis() % 1000 != 0) {
            ttl.problem("must be whole seconds, at least 1s (etcd leases count in seconds), got "
                    + leaseTtl.toMillis() + "ms");
            leaseTtl = d.leaseTtl();
        }
        Node b = n.get("backoff");
        b.allowOnly(Set.of("min", "max"));
        Duration min = ConfigLoader.positive(b.get("min"), d.backoffMin());
        Duration max = ConfigLoader.positive(b.get("max"), d.backoffMax());
        if (max.compareTo(min) < 0) {
            b.get("max").problem("must be at least backoff.min (" + min.toMillis() + "ms), got " + max.toMillis()
                    + "ms");
            max = min;
        }
        return new Etcd(endpoints, prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix,
                leaseTtl, ConfigLoader.positive(n.get("timeout"), d.timeout()), min, max);
    }

    /** {@code kubernetes.namespace} is the default for roles that do not name their own. */
    private static Kubernetes kubernetes(Node n, boolean chosen) {
        n.allowOnly(Set.of("namespace", "resync", "roles"));
        String namespace = n.get("namespace").text("default");
        Map<String, KubernetesRole> roles = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : n.get("roles").entries()) {
            Node r = e.getValue();
            if (!RegistryConfig.ROLES.contains(e.getKey())) {
                r.problem("unknown role (known: " + known() + ")");
                continue;
            }
            r.allowOnly(Set.of("service", "namespace", "port_name", "scheme"));
            String service = r.get("service").text("");
            if (service.isBlank()) {
                r.get("service").problem("is required: the Service that fronts role " + e.getKey());
            }
            roles.put(e.getKey(), new KubernetesRole(r.get("namespace").text(namespace), service,
                    r.get("port_name").text(""), scheme(r.get("scheme"))));
        }
        if (chosen && roles.isEmpty()) {
            n.get("roles").problem("is required for registry.type kubernetes: a Service per role");
        }
        return new Kubernetes(roles, n.get("resync").duration(Duration.ZERO));
    }

    private static RecordType recordType(Node n) {
        String s = n.text("SRV").toUpperCase(Locale.ROOT);
        try {
            return RecordType.valueOf(s);
        } catch (IllegalArgumentException e) {
            n.problem("expected A or SRV, got '" + n.text("") + "'");
            return RecordType.SRV;
        }
    }

    private static String scheme(Node n) {
        String s = n.text("http");
        if (!s.equals("http") && !s.equals("https")) {
            n.problem("expected http or https, got '" + s + "'");
            return "http";
        }
        return s;
    }

    /** A mapping of role to a non-empty string, every key a known role. */
    private static Map<String, String> roleMap(Node n) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : n.entries()) {
            if (!RegistryConfig.ROLES.contains(e.getKey())) {
                e.getValue().problem("unknown role (known: " + known() + ")");
                continue;
            }
            String v = e.getValue().text("");
            if (v.isBlank()) {
                e.getValue().problem("must not be empty");
            } else {
                out.put(e.getKey(), v);
            }
        }
        return out;
    }

    private static Map<String, String> strings(Node n) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : n.entries()) {
            out.put(e.getKey(), e.getValue().text(""));
        }
        return out;
    }

    private static String role(Node n) {
        String role = n.text(null);
        if (role == null || role.isBlank()) {
            n.problem("is required");
            return "";
        }
        if (!RegistryConfig.ROLES.contains(role)) {
            n.problem("unknown role '" + role + "' (known: " + known() + ")");
        }
        return role;
    }

    static String known() {
        return String.join(", ", RegistryConfig.ROLES.stream().sorted().toList());
    }

    private static URI url(Node n, boolean required) {
        String s = n.text(null);
        if (s == null || s.isBlank()) {
            if (required) {
                n.problem("is required");
            }
            return null;
        }
        URI u = parse(s);
        if (u == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
            n.problem("'" + s + "' is not an http(s) URL with a host");
            return null;
        }
        return u;
    }

    static URI parse(String s) {
        try {
            return new URI(s);
        } catch (Exception e) {
            return null;
        }
    }

}
