package dev.switchyard.cluster;

import dev.switchyard.core.telemetry.Tracing;
import dev.switchyard.core.balance.Strategy;
import dev.switchyard.core.config.ClusterConfig;
import dev.switchyard.core.config.ClusterConfig.RoleHealth;
import dev.switchyard.core.config.ClusterConfig.RoleSettings;
import dev.switchyard.core.net.LoopClients;
import dev.switchyard.registry.ServiceRegistry;
import dev.switchyard.registry.health.CommandRecovery;
import dev.switchyard.registry.health.HealthRuntime;
import dev.switchyard.registry.health.HealthSettings;
import dev.switchyard.registry.health.HttpHealthProbe;
import dev.switchyard.registry.health.InstanceSet;
import dev.switchyard.registry.health.RecoveryAction;
import dev.switchyard.registry.health.RecoveryBackoff;
import dev.switchyard.registry.health.VertxScheduler;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The clients of every role this process calls on others: per role, its instance set (the registry's
 * list, actively checked, recovered by the role's strategy) and a {@link RoleClient} over it, made on
 * first use. One HTTP/2 client per event loop serves all roles (see {@link LoopClients}); one client
 * for the health probes.
 */
public final class ClusterClients {
    /** HTTP/2 connections per instance and event loop: a few, so a busy loop's calls are not all on one connection. */
    static final int CONNECTIONS_PER_INSTANCE = 4;

    private final Vertx vertx;
    private final ServiceRegistry registry;
    private final ClusterConfig config;
    private final ClusterSecret secret;
    private final HealthRuntime runtime;
    private final LoopClients<HttpClientAgent> calls;
    private final HttpClient probes;
    private final Map<String, RoleClient> clients = new ConcurrentHashMap<>();
    private final KubernetesRecoveries kubernetes;
    private final RecoveryAction process;
    private final Tracing tracing;

    public ClusterClients(Vertx vertx, ServiceRegistry registry, ClusterConfig config, ClusterSecret secret,
            MeterRegistry meters, Clock clock) {
        this(vertx, registry, config, secret, meters, clock, RecoveryAction.NONE);
    }

    /** {@code process}: how the local supervisor is asked to restart a role ({@code recovery: process}). */
    public ClusterClients(Vertx vertx, ServiceRegistry registry, ClusterConfig config, ClusterSecret secret,
            MeterRegistry meters, Clock clock, RecoveryAction process) {
        this(vertx, registry, config, secret, meters, clock, process, Tracing.NOOP);
    }

    /** {@code tracing}: each call a client span, its context sent to the callee. */
    public ClusterClients(Vertx vertx, ServiceRegistry registry, ClusterConfig config, ClusterSecret secret,
            MeterRegistry meters, Clock clock, RecoveryAction process, Tracing tracing) {
        this(vertx, registry, config, secret, meters, clock, process, new KubernetesRecoveries(vertx, clock), tracing);
    }

    /** {@code kubernetes}: the recovery actions of roles recovered through the Kubernetes API. */
    ClusterClients(Vertx vertx, ServiceRegistry registry, ClusterConfig config, ClusterSecret secret,
            MeterRegistry meters, Clock clock, RecoveryAction process, KubernetesRecoveries kubernetes) {
        this(vertx, registry, config, secret, meters, clock, process, kubernetes, Tracing.NOOP);
    }

    ClusterClients(Vertx vertx, ServiceRegistry registry, ClusterConfig config, ClusterSecret secret,
            MeterRegistry meters, Clock clock, RecoveryAction process, KubernetesRecoveries kubernetes,
            Tracing tracing) {
        this.tracing = tracing;
        this.process = process;
        this.kubernetes = kubernetes;
        this.vertx = vertx;
        this.registry = registry;
        this.config = config;
        this.secret = secret;
        this.runtime = new HealthRuntime(clock, new VertxScheduler(vertx), ThreadLocalRandom.current(), meters);
        this.calls = new LoopClients<>(() -> vertx.httpClientBuilder()
                .with(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false)
                        .setTcpNoDelay(true).setKeepAlive(true).setConnectTimeout(2000)
                        .setHttp2MultiplexingLimit(RoleServer.MAX_CONCURRENT_STREAMS))
                .with(new PoolOptions().setHttp2MaxSize(CONNECTIONS_PER_INSTANCE).setMaxWaitQueueSize(-1))
                .build());
        this.probes = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(2000),
                new PoolOptions().setHttp1MaxSize(2));
    }

    /** The client of {@code role}, its instance set started on first use. */
    public RoleClient client(String role) {
        return clients.computeIfAbsent(role, this::create);
    }

    private RoleClient create(String role) {
        RoleSettings settings = config.settings(role);
        RoleHealth h = config.health();
        HealthSettings health = new HealthSettings(h.interval(), h.timeout(), h.unhealthyThreshold(),
                h.healthyThreshold(), h.jitter(), ClusterProtocol.HEALTH_PATH, h.ejectAfterFailures(),
                h.recoveryAfterChecks());
        InstanceSet set = new InstanceSet(role, registry, new HttpHealthProbe(vertx, probes, ClusterProtocol.HEALTH_PATH),
                health, runtime, recovery(role, settings),
                new RecoveryBackoff(h.interval(), h.interval().multipliedBy(32), runtime.clock()));
        set.start();
        return new RoleClient(vertx, role, set, Strategy.parse(settings.strategy()).create(ThreadLocalRandom.current()),
                calls::current, secret, config.callTimeout(), tracing);
    }

    /**
     * {@code process}: the local supervisor ({@code switchyard up}) is asked to restart the role;
     * {@code kubernetes} restarts the role's Deployment (or deletes
     * its failing pods) through the API; {@code command} runs the configured command.
     */
    private RecoveryAction recovery(String role, RoleSettings settings) {
        return switch (settings.recovery()) {
            case COMMAND -> new CommandRecovery(settings.command(), Duration.ofSeconds(60),
                    task -> vertx.executeBlocking(() -> {
                        task.run();
                        return null;
                    }, false));
            case KUBERNETES -> kubernetes.action(role, settings.kubernetes());
            case PROCESS -> process;
            case NONE -> RecoveryAction.NONE;
        };
    }

    /** The instance sets of the roles called so far (a role's set is made on its first use). */
    public Collection<InstanceSet> instanceSets() {
        return clients.values().stream().map(RoleClient::instances).toList();
    }

    public Future<Void> close() {
        clients.values().forEach(c -> c.instances().close());
        kubernetes.close();
        return calls.close().eventually(probes::close);
    }
}
