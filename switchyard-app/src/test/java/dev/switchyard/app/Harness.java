package dev.switchyard.app;

import dev.switchyard.testkit.MutableClock;
import dev.switchyard.core.config.AuthConfig;
import dev.switchyard.core.config.BreakerConfig;
import dev.switchyard.core.config.CacheConfig;
import dev.switchyard.core.config.ConversationConfig;
import dev.switchyard.core.config.FiltersConfig;
import dev.switchyard.core.config.DeploymentConfig;
import dev.switchyard.core.config.ModelPolicy;
import dev.switchyard.core.config.ServedModel;
import dev.switchyard.core.config.ServerConfig;
import dev.switchyard.core.config.SwitchyardConfig;
import dev.switchyard.core.config.TelemetryConfig;
import io.opentelemetry.sdk.trace.SpanProcessor;
import dev.switchyard.core.config.Timeouts;
import dev.switchyard.core.config.UpstreamConfig;
import dev.switchyard.core.pricing.PriceTable;
import dev.switchyard.simulator.ClaudeSimulator;
import dev.switchyard.simulator.SimulatorOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import dev.switchyard.core.config.ClusterConfig;
import dev.switchyard.core.config.RegistryConfig;
import java.util.concurrent.TimeUnit;

/**
 * Real processes on loopback for end-to-end tests: simulators as upstream deployments and a gateway
 * in front of them, all on ephemeral ports, with a clock the test moves.
 */
final class Harness implements AutoCloseable {
    static final String CLIENT_KEY = "sk-sy-test-client-key-0123456789";
    static final String UPSTREAM_KEY = "sk-upstream-deployment-key-42";

    final Vertx vertx = Vertx.vertx();
    final MutableClock clock = new MutableClock(java.time.Instant.parse("2026-11-26T12:00:00Z"));
    final Map<String, ClaudeSimulator> simulators = new LinkedHashMap<>();
    private final List<DeploymentConfig> deployments = new ArrayList<>();
    private final Map<String, ModelPolicy> models = new LinkedHashMap<>();
    private ServerConfig server = ServerConfig.defaults().withHost("127.0.0.1").withPort(0);
    private UpstreamConfig upstream = UpstreamConfig.defaults();
    private Timeouts timeouts = new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5));
    private boolean http2;
    private AuthConfig auth = AuthConfig.disabled();
    private CacheConfig cache = CacheConfig.disabled();
    private ConversationConfig conversations = ConversationConfig.disabled();
    private FiltersConfig filters = FiltersConfig.none();
    private final List<Switchyard> replicas = new ArrayList<>();
    private TelemetryConfig telemetry = TelemetryConfig.defaults();
    private SpanProcessor spans;
    Switchyard gateway;

    /** Starts a simulator and declares it as a deployment serving {@code models}. */
    Harness deployment(String name, SimulatorOptions options, String... served) {
        ClaudeSimulator sim = await(ClaudeSimulator.start(vertx, options.withHost("127.0.0.1").withPort(0)));
        simulators.put(name, sim);
        List<ServedModel> list = new ArrayList<>();
        for (String s : served) {
            String[] parts = s.split("=");
            list.add(parts.length == 1 ? ServedModel.of(s) : new ServedModel(parts[1], List.of(parts[0])));
        }
        deployments.add(new DeploymentConfig(name, "anthropic", sim.baseUrl(), UPSTREAM_KEY, list, 1, 1024, timeouts,
                http2));
        return this;
    }

    /** A deployment at any URL (e.g. a hand-made upstream that misbehaves in ways the simulator does not). */
    Harness deployment(String name, String baseUrl, List<String> served) {
        deployments.add(new DeploymentConfig(name, "anthropic", baseUrl, UPSTREAM_KEY,
                served.stream().map(ServedModel::of).toList(), 1, 1024, timeouts, http2));
        return this;
    }

    /** The deployment {@code name} (declared before) lets only these paths through uninterpreted. */
    Harness passthrough(String name, List<String> prefixes) {
        for (int i = 0; i < deployments.size(); i++) {
            DeploymentConfig d = deployments.get(i);
            if (d.name().equals(name)) {
                deployments.set(i, new DeploymentConfig(d.name(), d.provider(), d.baseUrl(), d.apiKey(), d.models(),
                        d.weight(), d.maxConcurrent(), d.timeouts(), d.http2(), prefixes));
            }
        }
        return this;
    }

    Harness deployment(String name, String... served) {
        return deployment(name, SimulatorOptions.defaults().withTimeToFirstToken(Duration.ofMillis(5))
                .withTokensPerSecond(0).withEventLoops(1), served);
    }

    /** Later deployments talk HTTP/2 (prior knowledge) to their simulators. */
    Harness http2(boolean on) {
        this.http2 = on;
        return this;
    }

    Harness model(String id, String strategy, String... fallbacks) {
        models.put(id, new ModelPolicy(strategy, List.of(fallbacks)));
        return this;
    }

    Harness timeouts(Timeouts t) {
        this.timeouts = t;
        return this;
    }

    Harness server(ServerConfig s) {
        this.server = s;
        return this;
    }

    Harness breaker(int failures, Duration open) {
        upstream = new UpstreamConfig(upstream.maxAttempts(), upstream.maxRetryAfter(), upstream.defaultStrategy(),
                new BreakerConfig(failures, open, 1));
        return this;
    }

    /** With the auth service (virtual keys, limits, budgets, ledger) as configured. */
    Harness auth(AuthConfig config) {
        this.auth = config;
        return this;
    }

    Harness cache(CacheConfig config) {
        this.cache = config;
        return this;
    }

    Harness conversations(ConversationConfig config) {
        this.conversations = config;
        return this;
    }

    Harness filters(FiltersConfig config) {
        this.filters = config;
        return this;
    }

    /** With this telemetry section (default: the quick start's, recent traces in memory, no export). */
    Harness telemetry(TelemetryConfig config) {
        this.telemetry = config;
        return this;
    }

    /** Every process started after this also hands its recorded spans to {@code processor}. */
    Harness spans(SpanProcessor processor) {
        this.spans = processor;
        return this;
    }

    Harness start() {
        gateway = await(Switchyard.start(vertx, config(), clock, spans));
        return this;
    }

    /** Another gateway of the same configuration (same store, same Redis), on its own port. */
    Switchyard replica() {
        Switchyard r = await(Switchyard.start(vertx, config(), clock, spans));
        replicas.add(r);
        return r;
    }

    static final String CLUSTER_SECRET = "test-cluster-secret-0123456789";

    /**
     * A process of this configuration serving only {@code roles} (its role port ephemeral), calling the
     * other roles on {@code peers} (the static registry). The first one serving the gateway role becomes
     * {@link #gateway}.
     */
    Switchyard process(Set<String> roles, List<RegistryConfig.Peer> peers) {
        return process(roles, peers, telemetry);
    }

    /** As above, with its own telemetry section (e.g. its own service name). */
    Switchyard process(Set<String> roles, List<RegistryConfig.Peer> peers, TelemetryConfig processTelemetry) {
        ClusterConfig cluster = ClusterConfig.allInOne().withRoles(roles).withPort(0).withSecret(CLUSTER_SECRET);
        SwitchyardConfig cfg = config().withCluster(cluster).withRegistry(RegistryConfig.defaults().withPeers(peers))
                .withTelemetry(processTelemetry);
        Switchyard s = await(Switchyard.start(vertx, cfg, clock, spans));
        if (gateway == null && roles.contains("gateway")) {
            gateway = s;
        } else {
            replicas.add(s);
        }
        return s;
    }

    static RegistryConfig.Peer peer(String role, Switchyard process) {
        return new RegistryConfig.Peer(role, role + "-" + process.rolePort(),
                java.net.URI.create("http://127.0.0.1:" + process.rolePort()), "", 1, Map.of());
    }

    SwitchyardConfig config() {
        return new SwitchyardConfig(server, List.of(CLIENT_KEY), upstream, deployments, models, auth,
                PriceTable.defaultTable(), cache, conversations, null, filters).withTelemetry(telemetry);
    }

    ClaudeSimulator sim(String name) {
        return simulators.get(name);
    }

    String baseUrl() {
        return gateway.baseUrl();
    }

    static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            for (Switchyard r : replicas) {
                await(r.shutdown());
            }
            if (gateway != null) {
                await(gateway.shutdown());
            }
        } finally {
            await(vertx.close());
        }
    }
}
