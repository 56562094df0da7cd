package dev.switchyard.supervisor;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.switchyard.core.config.ConfigException;
import dev.switchyard.core.config.Node;
import dev.switchyard.core.config.RegistryConfig;
import dev.switchyard.supervisor.Topology.Service;
import dev.switchyard.supervisor.Topology.Supervision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a topology file and checks all of it at once: a bad topology fails with a {@link ConfigException}
 * listing every problem, each naming the key and the bad value (never the secret's). Relative paths are
 * resolved against the topology file's directory, so a topology works from wherever it is started.
 */
public final class TopologyLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?}");
    private static final Pattern SERVICE_NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    static final String DEFAULT_RUN_DIR = ".switchyard-up";

    private final Function<String, String> env;

    public TopologyLoader(Function<String, String> env) {
        this.env = env;
    }

    public static TopologyLoader fromSystemEnv() {
        return new TopologyLoader(System::getenv);
    }

    public Topology load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(List.of(file + ": cannot read (" + e.getClass().getSimpleName() + ")"));
        }
        Path dir = file.toAbsolutePath().getParent();
        return parse(text, dir);
    }

    /** Parses {@code yamlText}; relative paths in it are taken from {@code baseDir}. */
    public Topology parse(String yamlText, Path baseDir) {
        JsonNode root;
        try {
            root = YAML.readTree(yamlText);
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ": ";
            throw new ConfigException(List.of(where + "not valid YAML (" + e.getOriginalMessage() + ")"));
        }
        List<String> problems = new ArrayList<>();
        Topology topology = read(new Node(root, "", problems), baseDir);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return topology;
    }

    private Topology read(Node root, Path baseDir) {
        if (!root.present()) {
            root.problem("the topology is empty (see `switchyard up --example`)");
            return null;
        }
        root.allowOnly(Set.of("config", "cluster_secret", "run_dir", "services", "supervision"));
        Path config = configFile(root.get("config"), baseDir);
        Optional<String> secret = secret(root.get("cluster_secret"));
        Path runDir = baseDir.resolve(root.get("run_dir").text(DEFAULT_RUN_DIR)).normalize();
        List<Service> services = services(root.get("services"));
        Supervision supervision = supervision(root.get("supervision"));
        return new Topology(config, secret, runDir, services, supervision);
    }

    private static Path configFile(Node n, Path baseDir) {
        String name = n.text(null);
        if (name == null || name.isBlank()) {
            n.problem("is required: the Switchyard config file every process loads");
            return baseDir;
        }
        Path path = baseDir.resolve(name).normalize();
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            n.problem("no readable file at '" + path + "'");
        }
        return path;
    }

    /** A literal, or {@code ${NAME}} / {@code ${NAME:-default}} from the environment. Never echoed in a problem. */
    private Optional<String> secret(Node n) {
        String raw = n.text(null);
        if (raw == null) {
            return Optional.empty();
        }
        Matcher m = ENV_REF.matcher(raw.trim());
        String value = raw;
        if (m.matches()) {
            value = env.apply(m.group(1));
            if (value == null || value.isEmpty()) {
                value = m.group(2);
            }
            if (value == null) {
                n.problem("environment variable " + m.group(1) + " is not set");
                return Optional.empty();
            }
            if (value.isEmpty()) {
                return Optional.empty(); // ${NAME:-} with NAME unset: as if the key were left out
            }
        }
        if (value.isBlank()) {
            n.problem("must not be empty (leave the key out to inherit SWITCHYARD_CLUSTER_SECRET)");
            return Optional.empty();
        }
        return Optional.of(value);
    }

    private static List<Service> services(Node n) {
        List<Service> out = new ArrayList<>();
        for (Map.Entry<String, Node> e : n.entries()) {
            Service s = service(e.getKey(), e.getValue());
            if (s != null) {
                out.add(s);
            }
        }
        if (out.isEmpty() && n.present()) {
            n.problem("must name at least one service");
        } else if (!n.present()) {
            n.problem("is required: a mapping of service name to its roles, instances and port");
        }
        Ports.checkOverlaps(out, n);
        return out;
    }

    private static Service service(String name, Node n) {
        n.allowOnly(Set.of("roles", "instances", "port", "role_port", "jvm_options"));
        if (!SERVICE_NAME.matcher(name).matches()) {
            n.problem("service name '" + name + "' must be lower-case letters, digits and '-', at most 32");
            return null;
        }
        List<String> roles = roles(name, n);
        int instances = n.get("instances").integer(1, 1, 64);
        boolean gateway = roles.contains("gateway");
        boolean others = roles.stream().anyMatch(r -> !r.equals("gateway"));
        int port = firstPort(n.get("port"), instances);
        int rolePort = 0;
        if (gateway && others) {
            rolePort = firstPort(n.get("role_port"), instances);
        } else if (n.get("role_port").present()) {
            n.get("role_port").problem("only for a service serving the gateway and other roles (port is its port)");
        }
        List<String> jvm = n.get("jvm_options").strings();
        return new Service(name, roles, instances, gateway ? port : 0, gateway ? rolePort : port, jvm);
    }

    /** The service's roles: its {@code roles} list, or its own name when that is a role. */
    private static List<String> roles(String serviceName, Node service) {
        Node n = service.get("roles");
        if (!n.present()) {
            if (!RegistryConfig.ROLES.contains(serviceName)) {
                service.problem("'" + serviceName + "' is not a role, so the service must list its roles (known: "
                        + knownRoles() + ")");
            }
            return List.of(serviceName);
        }
        List<String> roles = n.strings();
        if (roles.isEmpty()) {
            n.problem("must name at least one role");
        }
        for (String role : roles) {
            if (!RegistryConfig.ROLES.contains(role)) {
                n.problem("unknown role '" + role + "' (known: " + knownRoles() + ")");
            }
        }
        return roles.stream().distinct().toList();
    }

    private static String knownRoles() {
        return String.join(", ", RegistryConfig.ROLES.stream().sorted().toList());
    }

    private static int firstPort(Node n, int instances) {
        if (!n.present()) {
            n.problem("is required: the first instance's port (instance n listens on port + n - 1)");
            return 0;
        }
        int port = n.integer(0, 1, 65535);
        if (port != 0 && port + instances - 1 > 65535) {
            n.problem("port " + port + " leaves no room for " + instances + " instances");
            return 0;
        }
        return port;
    }

    private static Supervision supervision(Node n) {
        n.allowOnly(Set.of("check_interval", "check_timeout", "unhealthy_after", "start_timeout", "restart_backoff",
                "stop_grace"));
        Supervision d = Supervision.defaults();
        Node b = n.get("restart_backoff");
        b.allowOnly(Set.of("min", "max"));
        Duration min = b.get("min").positiveDuration(d.backoffMin());
        Duration max = b.get("max").positiveDuration(d.backoffMax().compareTo(min) < 0 ? min : d.backoffMax());
        if (max.compareTo(min) < 0) {
            b.get("max").problem("must be at least restart_backoff.min (" + min.toMillis() + "ms), got "
                    + max.toMillis() + "ms");
        }
        Duration interval = n.get("check_interval").positiveDuration(d.checkInterval());
        Duration timeout = n.get("check_timeout").positiveDuration(d.checkTimeout());
        if (timeout.compareTo(interval) > 0) {
            n.get("check_timeout").problem("must not exceed check_interval (" + interval.toMillis() + "ms), got "
                    + timeout.toMillis() + "ms");
        }
        return new Supervision(interval, timeout, n.get("unhealthy_after").integer(d.unhealthyAfter(), 1, 100),
                n.get("start_timeout").positiveDuration(d.startTimeout()), min, max,
                n.get("stop_grace").positiveDuration(d.stopGrace()));
    }
}
