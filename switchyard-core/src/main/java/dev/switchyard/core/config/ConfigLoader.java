package dev.switchyard.core.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the YAML config, substitutes {@code ${ENV}} references, and validates everything at once:
 * a bad config fails with the list of all its problems, each naming the key and the value.
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Function<String, String> env;

    public ConfigLoader(Function<String, String> env) {
        this.env = env;
    }

    public static ConfigLoader fromSystemEnv() {
        return new ConfigLoader(System::getenv);
    }

    public SwitchyardConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(List.of(file + ": cannot read (" + e.getClass().getSimpleName() + ")"));
        }
        return parse(text);
    }

    public SwitchyardConfig parse(String yamlText) {
        List<String> problems = new ArrayList<>();
        String text = EnvSubstitution.apply(yamlText, env, problems);
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ": ";
            throw new ConfigException(List.of(where + "not valid YAML (" + e.getOriginalMessage() + ")"));
        }
        SwitchyardConfig config = read(new Node(root, "", problems));
        ConfigValidation.check(config, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return config;
    }

    private SwitchyardConfig read(Node root) {
        root.allowOnly(Set.of("server", "client_keys", "upstream", "deployments", "models", "auth", "pricing", "cache",
                "conversations", "registry", "filters", "cluster", "telemetry"));
        List<DeploymentConfig> deployments = new ArrayList<>();
        for (Node d : root.get("deployments").list()) {
            deployments.add(deployment(d));
        }
        Map<String, ModelPolicy> models = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : root.get("models").entries()) {
            models.put(e.getKey(), modelPolicy(e.getValue()));
        }
        return new SwitchyardConfig(server(root.get("server")), root.get("client_keys").strings(),
                upstream(root.get("upstream")), deployments, models, AuthSection.read(root.get("auth")),
                AuthSection.pricing(root.get("pricing")), CacheSection.cache(root.get("cache")),
                CacheSection.conversations(root.get("conversations")),
                RegistrySection.read(root.get("registry")), FilterPolicies.read(root.get("filters")),
                ClusterSection.read(root.get("cluster"), env), TelemetrySection.read(root.get("telemetry")));
    }

    private static ServerConfig server(Node n) {
        n.allowOnly(Set.of("host", "port", "max_body_size", "max_header_size", "drain_timeout", "event_loops",
                "header_timeout", "body_timeout", "keepalive_timeout", "max_connections_per_ip", "metrics_token"));
        ServerConfig d = ServerConfig.defaults();
        String token = n.get("metrics_token").text("");
        return new ServerConfig(n.get("host").text(d.host()), n.get("port").integer(d.port(), 0, 65535),
                n.get("max_body_size").bytes(d.maxBodyBytes()),
                (int) Math.min(Integer.MAX_VALUE, n.get("max_header_size").bytes(d.maxHeaderBytes())),
                n.get("drain_timeout").duration(d.drainTimeout()), n.get("event_loops").integer(0, 0, 256),
                positive(n.get("header_timeout"), d.headerTimeout()), positive(n.get("body_timeout"), d.bodyTimeout()),
                positive(n.get("keepalive_timeout"), d.keepAliveTimeout()),
                n.get("max_connections_per_ip").integer(d.maxConnectionsPerIp(), 0, 10_000_000),
                token.isEmpty() ? null : token);
    }

    /** A duration that must be above zero: a zero timeout would close every connection at once. */
    static Duration positive(Node n, Duration dflt) {
        Duration v = n.duration(dflt);
        if (v.isZero() || v.isNegative()) {
            n.problem("must be more than 0, got " + v.toMillis() + "ms");
            return dflt;
        }
        return v;
    }

    private static UpstreamConfig upstream(Node n) {
        n.allowOnly(Set.of("max_attempts", "max_retry_after", "strategy", "breaker", "max_output_tokens"));
        UpstreamConfig d = UpstreamConfig.defaults();
        Node b = n.get("breaker");
        b.allowOnly(Set.of("failure_threshold", "open_duration", "half_open_calls"));
        BreakerConfig bd = d.breaker();
        BreakerConfig breaker = new BreakerConfig(b.get("failure_threshold").integer(bd.failureThreshold(), 1, 1000),
                b.get("open_duration").duration(bd.openDuration()),
                b.get("half_open_calls").integer(bd.halfOpenCalls(), 1, 100));
        return new UpstreamConfig(n.get("max_attempts").integer(d.maxAttempts(), 1, 20),
                n.get("max_retry_after").duration(d.maxRetryAfter()), strategy(n.get("strategy"), d.defaultStrategy()),
                breaker, maxOutputTokens(n.get("max_output_tokens"), d.maxOutputTokens()));
    }

    private static DeploymentConfig deployment(Node n) {
        n.allowOnly(Set.of("name", "provider", "base_url", "api_key", "models", "weight", "max_concurrent", "timeouts",
                "http2", "passthrough"));
        Node t = n.get("timeouts");
        t.allowOnly(Set.of("connect", "first_byte", "idle", "body"));
        Timeouts td = Timeouts.defaults();
        Timeouts timeouts = new Timeouts(t.get("connect").duration(td.connect()),
                t.get("first_byte").duration(td.firstByte()), t.get("idle").duration(td.idle()),
                positive(t.get("body"), td.body()));
        List<ServedModel> models = new ArrayList<>();
        for (Node m : n.get("models").list()) {
            models.add(servedModel(m));
        }
        String baseUrl = required(n.get("base_url"));
        return new DeploymentConfig(required(n.get("name")), n.get("provider").text("anthropic"),
                baseUrl, n.get("api_key").text(""), models,
                n.get("weight").integer(1, 1, 1000), n.get("max_concurrent").integer(DeploymentConfig.DEFAULT_MAX_CONCURRENT, 1, 1_000_000), timeouts,
                n.get("http2").bool(baseUrl.startsWith("https:")), passthrough(n.get("passthrough")));
    }

    /**
     * The paths a deployment lets through uninterpreted: absent means every {@code /v1/} path, {@code []}
     * none; each entry a path prefix under {@code /v1/}, e.g. {@code /v1/messages/batches} or {@code /v1/files}.
     */
    private static List<String> passthrough(Node n) {
        if (!n.present()) {
            return DeploymentConfig.PASS_EVERYTHING;
        }
        List<String> prefixes = n.strings();
        for (String p : prefixes) {
            if (!p.startsWith("/v1/") || p.contains("?") || p.contains("..")) {
                n.problem("each entry must be a path under /v1/ (no query, no ..), got \"" + p + "\"");
            }
        }
        return prefixes;
    }

    /** A served model is either a plain name or {@code {name: .., aliases: [..]}}. */
    private static ServedModel servedModel(Node m) {
        if (!m.isMapping()) {
            return ServedModel.of(required(m));
        }
        m.allowOnly(Set.of("name", "aliases"));
        return new ServedModel(required(m.get("name")), m.get("aliases").strings());
    }

    private static ModelPolicy modelPolicy(Node n) {
        n.allowOnly(Set.of("strategy", "fallbacks", "max_output_tokens"));
        return new ModelPolicy(strategy(n.get("strategy"), null), n.get("fallbacks").strings(),
                maxOutputTokens(n.get("max_output_tokens"), 0));
    }

    private static long maxOutputTokens(Node n, long dflt) {
        return n.integer((int) dflt, 1, (int) OutputLimits.CEILING);
    }

    private static String strategy(Node n, String dflt) {
        String s = n.text(dflt);
        if (s != null && !ModelPolicy.STRATEGIES.contains(s)) {
            n.problem("unknown strategy '" + s + "' (known: round_robin, random, least_connections, weighted, latency)");
            return dflt;
        }
        return s;
    }

    private static String required(Node n) {
        String s = n.text(null);
        if (s == null || s.isBlank()) {
            n.problem("is required");
            return "";
        }
        return s;
    }

    /** Cross-field checks that need the whole config read first. */
    static final class ConfigValidation {
        private ConfigValidation() {}

        static void check(SwitchyardConfig c, List<String> problems) {
            if (c.deployments().isEmpty()) {
                problems.add("deployments: at least one deployment is required");
            }
            Set<String> names = new HashSet<>();
            Map<String, String> servedBy = new HashMap<>();
            for (int i = 0; i < c.deployments().size(); i++) {
                DeploymentConfig d = c.deployments().get(i);
                String at = "deployments[" + i + "]";
                if (!d.name().isEmpty() && !names.add(d.name())) {
                    problems.add(at + ".name: duplicate deployment name '" + d.name() + "'");
                }
                if (!"anthropic".equals(d.provider())) {
                    problems.add(at + ".provider: unknown provider '" + d.provider() + "' (known: anthropic)");
                }
                checkUrl(d.baseUrl(), at + ".base_url", problems);
                if (d.models().isEmpty()) {
                    problems.add(at + ".models: list at least one model");
                }
                for (ServedModel m : d.models()) {
                    servedBy.put(m.name(), d.name());
                    m.aliases().forEach(a -> servedBy.put(a, d.name()));
                }
            }
            c.models().forEach((model, policy) -> {
                if (!servedBy.containsKey(model) && !servedBy.containsKey("*")) {
                    problems.add("models." + model + ": no deployment serves this model or alias");
                }
                for (String fb : policy.fallbacks()) {
                    if (!servedBy.containsKey(fb) && !servedBy.containsKey("*")) {
                        problems.add("models." + model + ".fallbacks: '" + fb + "' is not served by any deployment");
                    }
                    if (fb.equals(model)) {
                        problems.add("models." + model + ".fallbacks: a model cannot fall back to itself");
                    }
                }
            });
            if (c.server().maxBodyBytes() < 1024) {
                problems.add("server.max_body_size: must be at least 1KB, got " + c.server().maxBodyBytes());
            }
        }

        private static void checkUrl(String url, String key, List<String> problems) {
            if (url.isEmpty()) {
                return;
            }
            try {
                URI u = new URI(url);
                if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                    problems.add(key + ": '" + url + "' is not an http(s) URL with a host");
                }
            } catch (Exception e) {
                problems.add(key + ": '" + url + "' is not a valid URL");
            }
        }
    }
}
