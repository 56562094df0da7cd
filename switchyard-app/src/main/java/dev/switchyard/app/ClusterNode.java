package dev.switchyard.app;

import dev.switchyard.core.telemetry.Tracing;
import dev.switchyard.cluster.ClusterClients;
import dev.switchyard.cluster.ClusterSecret;
import dev.switchyard.cluster.RoleClient;
import dev.switchyard.cluster.RoleServer;
import dev.switchyard.cluster.RpcHandler;
import dev.switchyard.core.config.ClusterConfig;
import dev.switchyard.core.config.ConfigException;
import dev.switchyard.core.config.RegistryConfig;
import dev.switchyard.core.config.SwitchyardConfig;
import dev.switchyard.registry.Instance;
import dev.switchyard.registry.Registries;
import dev.switchyard.registry.ServiceRegistry;
import dev.switchyard.registry.health.RecoveryAction;
import dev.switchyard.supervisor.ProcessRecovery;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process as one member of a distributed Switchyard: the registry it finds the other roles in, the
 * clients that call them, the role port that serves its own roles to others, and its registrations.
 * Absent when every role runs in this process (the default): nothing is registered and no port opened.
 *
 * <p>Leaving is ordered so no caller fails: deregister, wait {@link #notice} for callers to drop this
 * instance, then drain (the role port refuses new calls and finishes those in flight).
 */
final class ClusterNode {
    private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);
    /** How long callers get to notice a deregistration through a registry that tells them at once (a watch). */
    static final Duration NOTICE = Duration.ofSeconds(1);

    private final Vertx vertx;
    private final ClusterConfig config;
    private final ServiceRegistry registry;
    private final ClusterClients clients;
    private final ClusterSecret secret;
    private final String instanceId;
    private final Tracing tracing;
    private final String version;
    private final Duration notice;
    private final List<Instance> registered = new ArrayList<>();
    private RoleServer server;
    private volatile Phase phase = Phase.STARTING;

    /**
     * Where this process is in its life, as its role port's {@code /health} tells checkers: only a
     * registered process that is not leaving answers healthy, so a supervisor or a rolling restart never
     * takes an instance for ready before callers can find it, and callers stop choosing one that drains.
     */
    enum Phase { STARTING, SERVING, LEAVING }

    private ClusterNode(Vertx vertx, ClusterConfig config, RegistryConfig registryConfig, ServiceRegistry registry,
            ClusterClients clients, ClusterSecret secret, String instanceId, Tracing tracing) {
        this.tracing = tracing;
        this.vertx = vertx;
        this.config = config;
        this.registry = registry;
        this.clients = clients;
        this.secret = secret;
        this.instanceId = instanceId;
        this.version = Version.current();
        this.notice = notice(registryConfig);
    }

    /** Fails (a {@link ConfigException}) without a cluster secret: no role is served or called without one. */
    static ClusterNode create(Vertx vertx, SwitchyardConfig config, MeterRegistry meters, Clock clock,
            Tracing tracing) {
        ClusterConfig cluster = config.cluster();
        if (cluster.secret() == null || cluster.secret().isBlank()) {
            throw new ConfigException(List.of("cluster.secret: required when a process serves or calls roles of other"
                    + " processes (roles here: " + String.join(",", cluster.roles()) + "); set cluster.secret or "
                    + ClusterConfig.SECRET_ENV));
        }
        ClusterSecret secret = new ClusterSecret(cluster.secret());
        ServiceRegistry registry = Registries.create(vertx, config.registry(), clock);
        String id = cluster.instanceId() != null ? cluster.instanceId()
                : String.join("+", cluster.roles()) + "-" + UUID.randomUUID().toString().substring(0, 8);
        // recovery: process asks the switchyard up supervisor that started this process, when one did
        RecoveryAction process = ProcessRecovery.fromEnvironment(System::getenv).map(p -> (RecoveryAction) p)
                .orElse(RecoveryAction.NONE);
        return new ClusterNode(vertx, cluster, config.registry(), registry, new ClusterClients(vertx, registry, cluster, secret, meters,
                clock, process, tracing), secret, id, tracing);
    }

    /**
     * How long a leaving process keeps serving after it deregistered. Through etcd or Kubernetes, callers'
     * watches drop it at once. A static or DNS registry keeps listing it; its answers meanwhile carry
     * {@link dev.switchyard.cluster.ClusterProtocol#LEAVING_HEADER}, so every caller that calls it in the
     * notice stops choosing it, and one with steady traffic does within a few calls: twice as long.
     */
    static Duration notice(RegistryConfig registry) {
        return switch (registry.type()) {
            case ETCD, KUBERNETES -> NOTICE;
            case STATIC, DNS -> NOTICE.multipliedBy(2);
        };
    }

    RoleClient client(String role) {
        return clients.client(role);
    }

    /**
     * Completes once every role of {@code roles} has a known instance, or after {@code limit}: the first
     * discovery (an etcd range, a DNS query) answers after the start, and a gateway that took requests before
     * it would refuse them for want of instances. Past the limit it starts anyway: a role that is not up yet
     * is the registry's and the checks' business, and its calls fail soft.
     */
    Future<Void> awaitDiscovery(List<String> roles, Duration limit) {
        Promise<Void> done = Promise.promise();
        long deadline = System.nanoTime() + limit.toNanos();
        vertx.setPeriodic(0, 50, id -> {
            boolean all = roles.stream().allMatch(r -> clients.client(r).available());
            if (all || System.nanoTime() - deadline > 0) {
                vertx.cancelTimer(id);
                if (!all) {
                    log.warn("starting without a known instance of every role after {} ms: {}", limit.toMillis(),
                            roles.stream().filter(r -> !clients.client(r).available()).toList());
                }
                done.complete();
            }
        });
        return done.future();
    }

    ClusterClients clients() {
        return clients;
    }

    String instanceId() {
        return instanceId;
    }

    /**
     * Opens the role port for {@code routes} when this process serves any role to others; {@code admin}
     * (null: none) serves the admin API to gateways that forward it (the auth role's).
     */
    Future<Void> serve(Map<String, RpcHandler> routes, Handler<HttpServerRequest> health,
            Handler<HttpServerRequest> admin) {
        if (!config.servesOthers()) {
            return Future.succeededFuture();
        }
        return RoleServer.start(vertx, config.host(), config.port(), secret, routes, health, admin, tracing).map(s -> {
            server = s;
            log.info("role port {} serving {} as instance {}", s.port(), config.roles(), instanceId);
            return null;
        });
    }

    int rolePort() {
        return server == null ? -1 : server.port();
    }

    long roleRequests() {
        return server == null ? 0 : server.requests();
    }

    /** Registers one instance per role served here: the gateway at its public port, the others at the role port. */
    Future<Void> register(int gatewayPort) {
        List<Future<Void>> all = new ArrayList<>();
        for (String role : config.roles()) {
            URI address = role.equals("gateway") ? URI.create("http://" + advertisedHost() + ":" + gatewayPort)
                    : advertised();
            if (address == null) {
                continue;
            }
            Instance self = new Instance(role, instanceId, address, version, config.zone(), config.weight(),
                    config.metadata(), Clock.systemUTC().instant());
            registered.add(self);
            all.add(registry.register(self));
        }
        return Future.all(all).<Void>mapEmpty().onSuccess(v -> phase = Phase.SERVING);
    }

    Phase phase() {
        return phase;
    }

    /** This process's registered instances, one per role it serves. */
    List<Instance> registered() {
        return List.copyOf(registered);
    }

    private URI advertised() {
        if (config.advertise() != null) {
            return config.advertise();
        }
        return server == null ? null : URI.create("http://" + advertisedHost() + ":" + server.port());
    }

    private String advertisedHost() {
        if (config.advertise() != null) {
            return config.advertise().getHost();
        }
        return config.host().equals("0.0.0.0") || config.host().equals("::") ? "127.0.0.1" : config.host();
    }

    /** Deregisters every role, then waits {@link #notice} so callers stop choosing this instance. */
    Future<Void> leave() {
        phase = Phase.LEAVING;
        if (server != null) {
            server.leaving();
        }
        List<Future<Void>> all = new ArrayList<>();
        registered.forEach(i -> all.add(registry.deregister(i).otherwiseEmpty()));
        registered.clear();
        Promise<Void> noticed = Promise.promise();
        Future.join(all).onComplete(ar -> vertx.setTimer(notice.toMillis(), id -> noticed.complete()));
        return noticed.future();
    }

    /** Stops the role port (letting calls in flight finish for up to {@code grace}), then the clients and registry. */
    Future<Void> close(Duration grace) {
        Future<Void> stopServer = server == null ? Future.succeededFuture() : server.shutdown(grace);
        return stopServer.otherwiseEmpty().eventually(clients::close).eventually(registry::close);
    }
}
