package dev.switchyard.core.config;

import dev.switchyard.core.config.RegistryConfig.Peer;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The quick-start form of the static registry: {@code --peer ROLE=URL}, repeatable, e.g.
 * {@code --peer claude=http://10.0.0.5:7001}. Each becomes a static instance with weight 1, no zone, and the
 * id {@code role@host:port}; every bad value is reported at once, naming {@code --peer} and the value.
 */
public final class Peers {
    private Peers() {}

    public static List<Peer> parse(List<String> specs) {
        List<Peer> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String spec : specs) {
            Peer p = one(spec, problems);
            if (p != null && !seen.add(p.role() + "/" + p.id())) {
                problems.add("--peer: '" + spec + "' is listed twice");
            } else if (p != null) {
                out.add(p);
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return out;
    }

    private static Peer one(String spec, List<String> problems) {
        int eq = spec.indexOf('=');
        if (eq <= 0 || eq == spec.length() - 1) {
            problems.add("--peer: expected ROLE=URL, got '" + spec + "'");
            return null;
        }
        String role = spec.substring(0, eq).trim();
        String url = spec.substring(eq + 1).trim();
        if (!RegistryConfig.ROLES.contains(role)) {
            problems.add("--peer: unknown role '" + role + "' in '" + spec + "' (known: " + RegistrySection.known()
                    + ")");
            return null;
        }
        URI u = RegistrySection.parse(url);
        if (u == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
            problems.add("--peer: '" + url + "' in '" + spec + "' is not an http(s) URL with a host");
            return null;
        }
        return new Peer(role, defaultId(role, u), u, "", 1, Map.of());
    }

    /** {@code role@host:port}: stable for the same peer, so repeated starts do not look like new instances. */
    static String defaultId(String role, URI address) {
        int port = address.getPort() != -1 ? address.getPort() : "https".equals(address.getScheme()) ? 443 : 80;
        return role + "@" + address.getHost() + ":" + port;
    }
}
