package dev.switchyard.app;

import dev.switchyard.auth.admin.AdminRoute;
import dev.switchyard.telemetry.RecentTraces;
import dev.switchyard.telemetry.Telemetry;
import dev.switchyard.core.telemetry.Tracing;
import dev.switchyard.auth.AdmissionControl;
import dev.switchyard.auth.AuthService;
import dev.switchyard.auth.StaticKeyAuthService;
import dev.switchyard.cache.CacheService;
import dev.switchyard.cache.tiered.TieredCache;
import dev.switchyard.claude.ClaudeService;
import dev.switchyard.cluster.AdminProxy;
import dev.switchyard.cluster.RpcHandler;
import dev.switchyard.cluster.auth.AuthEndpoint;
import dev.switchyard.cluster.auth.RemoteAdmissionControl;
import dev.switchyard.cluster.auth.RemoteAuthService;
import dev.switchyard.cluster.auth.RemoteUsageSink;
import dev.switchyard.cluster.auth.RemoteUpstreamResources;
import dev.switchyard.cluster.auth.ResourcesEndpoint;
import dev.switchyard.claude.UpstreamResources;
import dev.switchyard.cluster.cache.CacheEndpoint;
import dev.switchyard.cluster.cache.RemoteCacheService;
import dev.switchyard.cluster.claude.ClaudeEndpoint;
import dev.switchyard.cluster.claude.RemoteClaudeService;
import dev.switchyard.cluster.conversation.ConversationEndpoint;
import dev.switchyard.cluster.conversation.RemoteConversationService;
import dev.switchyard.cluster.filter.FilterEndpoint;
import dev.switchyard.cluster.filter.RemoteContentFilter;
import dev.switchyard.cluster.translation.RemoteLanguageDetector;
import dev.switchyard.cluster.translation.TranslationEndpoint;
import dev.switchyard.conversation.ConversationService;
import dev.switchyard.conversation.cached.CachedConversations;
import dev.switchyard.conversation.store.JdbcConversationService;
import dev.switchyard.core.config.ClusterConfig;
import dev.switchyard.core.config.OutputLimits;
import dev.switchyard.core.config.SwitchyardConfig;
import dev.switchyard.core.health.HealthChecks;
import dev.switchyard.registry.health.ClusterDirectory;
import dev.switchyard.filter.ContentFilter;
import dev.switchyard.filter.service.PolicyFilterService;
import dev.switchyard.gateway.GatewayServices;
import dev.switchyard.translation.LanguageDetector;
import dev.switchyard.translation.TranslationSettings;
import dev.switchyard.translation.detect.LinguaDetector;
import dev.switchyard.upstream.impl.UpstreamCaller;
import dev.switchyard.usage.UsageSink;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Every role's services as this process calls them: the roles it serves run here (started, migrated,
 * loaded), the others are remote clients of the same interfaces, so the gateway and the role port see one
 * set of services whichever way it was split. Built in dependency order by {@link #start}; {@link #close}
 * undoes whatever was started, also after a failed start.
 */
final class RoleServices {
    /** How long a claude role may take to begin its answer (the upstream's own timeouts and retries run inside). */
    static final Duration CLAUDE_HEAD_TIMEOUT = Duration.ofMinutes(10);
    /** A cache that is slower than this is a miss: a sick cache role must not slow the request path. */
    static final Duration REMOTE_CACHE_TIMEOUT = Duration.ofMillis(150);
    /** Language detection on another process: past this the text is of unknown language (Claude is asked). */
    static final Duration REMOTE_DETECT_TIMEOUT = Duration.ofSeconds(1);
    /** How long a user must have been away for their next request to warm the conversation cache. */
    static final Duration WARM_UP_PAUSE = Duration.ofMinutes(10);

    private final ClusterConfig cluster;
    ClusterNode node;
    UpstreamCaller upstream;
    ClaudeService claude;
    CacheService cache = CacheService.NONE;
    JdbcConversationService store;
    ConversationService conversations;
    AuthServices auth;
    private AuthService authService;
    private AdmissionControl admission = AdmissionControl.NONE;
    private UsageSink usage = UsageSink.NONE;
    private Handler<HttpServerRequest> admin;
    private AuthEndpoint authEndpoint;
    /** Which deployment holds each batch and file: the auth store, here or on the auth role (null: memory). */
    private UpstreamResources resources;
    private RemoteUsageSink remoteUsage;
    private PolicyFilterService localFilter;
    private ContentFilter filter;
    private RemoteContentFilter remoteFilter;
    private final TranslationSettings translation = TranslationSettings.defaults();
    private LanguageDetector detector;
    private HealthChecks health;
    /** Stops the admin page's stats sampling (where the admin API runs here). */
    private Runnable stopStats;

    private final Tracing tracing;
    /** This process's recent traces (null: none kept), served by whichever admin API this process answers. */
    private final RecentTraces recent;

    private RoleServices(ClusterConfig cluster, Tracing tracing, RecentTraces recent) {
        this.cluster = cluster;
        this.tracing = tracing;
        this.recent = recent;
    }

    /** Starts this process's roles and the clients of the others; a failed start has closed what it started. */
    static Future<RoleServices> start(Vertx vertx, SwitchyardConfig config, Clock clock,
            PrometheusMeterRegistry registry, Telemetry telemetry) {
        RoleServices s = new RoleServices(config.cluster(), telemetry.tracing(), telemetry.recent());
        try {
            s.localFilter = new PolicyFilterService(config.filters());
            s.node = s.cluster.allLocal() ? null : ClusterNode.create(vertx, config, registry, clock, s.tracing);
            s.startClaudeCacheTranslation(vertx, config, clock, registry);
        } catch (RuntimeException e) {
            return s.close(vertx).transform(ar -> Future.failedFuture(e));
        }
        // The two stores open side by side (each a pool, a migration check and, embedded, a file): together they
        // were a third of the quick start's time to /ready one after the other.
        Future<JdbcConversationService> store = s.cluster.serves("conversation") && config.conversations().enabled()
                ? JdbcConversationService.start(vertx, config.conversations(), clock) : Future.succeededFuture(null);
        Future<AuthServices> auth = s.cluster.serves("auth") && config.auth().enabled()
                ? vertx.executeBlocking(() -> AuthServices.open(vertx, config, clock, registry, s.localFilter, s.tracing), false)
                : Future.succeededFuture(null);
        return Future.join(store, auth).transform(ar -> {
            s.store = store.result();
            s.auth = auth.result();
            return ar.succeeded() ? Future.<Void>succeededFuture() : Future.<Void>failedFuture(ar.cause());
        }).compose(v -> {
            s.startConversations(config, clock);
            s.startAuth(vertx, config, registry, clock);
            s.health = AppHealth.of(vertx, s.node == null ? ThisProcess.instanceId() : s.node.instanceId(),
                    ThisProcess.ALL_ROLES.stream().filter(s.cluster::serves).toList(), s.auth, s.cache,
                    s.store != null ? s.conversations : null);
            return s.startFilter(vertx, config, registry);
        }).map(v -> s).recover(e -> s.close(vertx).transform(ar -> Future.failedFuture(e)));
    }

    private void startClaudeCacheTranslation(Vertx vertx, SwitchyardConfig config, Clock clock,
            PrometheusMeterRegistry registry) {
        if (cluster.serves("claude")) {
            upstream = new UpstreamCaller(vertx, config, registry, clock, ThreadLocalRandom.current(), tracing);
            claude = upstream;
        } else if (gatewayHere()) {
            claude = new RemoteClaudeService(vertx, node.client("claude"), CLAUDE_HEAD_TIMEOUT);
        }
        if (cluster.serves("cache")) {
            cache = TieredCache.of(vertx, config.cache(), clock, registry);
        } else if (config.cache().enabled() && (gatewayHere() || cluster.serves("conversation"))) {
            cache = new RemoteCacheService(node.client("cache"), REMOTE_CACHE_TIMEOUT, registry);
        }
        // Lingua builds its models on first use: nothing is loaded at start
        if (cluster.serves("translation")) {
            detector = new LinguaDetector(translation);
        } else if (gatewayHere()) {
            detector = new RemoteLanguageDetector(node.client("translation"), REMOTE_DETECT_TIMEOUT, registry);
        }
    }

    private void startConversations(SwitchyardConfig config, Clock clock) {
        if (store != null) {
            conversations = new CachedConversations(store, cache, WARM_UP_PAUSE, clock);
        } else if (gatewayHere() && !cluster.serves("conversation") && config.conversations().enabled()) {
            conversations = new RemoteConversationService(node.client("conversation"));
        }
    }

    /**
     * Whether {@link #startAuth} gives this process an admin API that reads the recent-trace store: the auth
     * role's, or a gateway's whose auth role runs elsewhere. Elsewhere (static client keys, a process with
     * neither the gateway nor the auth role) nothing would read it: it is not kept, and without an exporter
     * no span is recorded at all. Known before the telemetry it decides is built.
     */
    static boolean servesRecentTraces(SwitchyardConfig config) {
        return config.auth().enabled() && (config.cluster().serves("auth") || config.cluster().serves("gateway"));
    }

    private void startAuth(Vertx vertx, SwitchyardConfig config, PrometheusMeterRegistry registry, Clock clock) {
        if (auth != null) {
            authService = auth.keys();
            admission = auth.admission();
            resources = auth.resources();
            usage = auth.ledger();
            admin = auth.admin();
            AdminRoutes.register(auth.admin(), cache, store,
                    conversations instanceof CachedConversations c ? c : null, Switchyard.dataDir(config));
            stopStats = StatsRoute.register(auth.admin(), vertx, registry, clock);
            if (recent != null) {
                TracesRoute.register(auth.admin(), recent);
            }
        } else if (gatewayHere() && !cluster.serves("auth") && config.auth().enabled()) {
            authService = new RemoteAuthService(node.client("auth"));
            admission = new RemoteAdmissionControl(node.client("auth"));
            remoteUsage = new RemoteUsageSink(vertx, node.client("auth"));
            usage = remoteUsage;
            resources = new RemoteUpstreamResources(node.client("auth"));
            StatsRoute.Sampling stats = StatsRoute.start(vertx, registry, clock);
            stopStats = stats.stop();
            Map<String, AdminRoute> local = new HashMap<>(Map.of("stats", stats.route()));
            if (recent != null) {
                local.put("traces", TracesRoute.of(recent));
            }
            admin = new GatewayAdmin(vertx, new AdminProxy(node.client("auth")), local);
        } else {
            authService = new StaticKeyAuthService(config.clientKeys());
        }
        if (cluster.serves("auth") && node != null) {
            authEndpoint = new AuthEndpoint(authService, admission, usage);
            authEndpoint.start(vertx);
        }
    }

    /** A remote filter's first policy set is fetched before the gateway starts (best effort: the role may not be up). */
    private Future<Void> startFilter(Vertx vertx, SwitchyardConfig config, PrometheusMeterRegistry registry) {
        if (cluster.serves("filter") || !gatewayHere()) {
            filter = localFilter;
            return Future.succeededFuture();
        }
        remoteFilter = new RemoteContentFilter(vertx, node.client("filter"), PolicyFilterService::new,
                config.auth().keyRefresh(), registry);
        filter = remoteFilter;
        return remoteFilter.refresh();
    }

    /**
     * Whether this process runs the gateway, the one role that calls the others: a process without it
     * (a claude role alone, say) makes no client of any other role, and so checks none.
     */
    private boolean gatewayHere() {
        return cluster.serves("gateway");
    }

    /** The role port's methods: each role this process serves to others, over its local service. */
    Map<String, RpcHandler> routes(Vertx vertx) {
        Map<String, RpcHandler> routes = new HashMap<>();
        if (cluster.serves("claude")) {
            routes.putAll(new ClaudeEndpoint(claude).routes());
        }
        if (authEndpoint != null) {
            routes.putAll(authEndpoint.routes());
        }
        if (cluster.serves("auth") && auth != null) {
            routes.putAll(new ResourcesEndpoint(resources).routes());
        }
        if (cluster.serves("conversation") && conversations != null) {
            routes.putAll(new ConversationEndpoint(conversations).routes());
        }
        if (cluster.serves("cache")) {
            routes.putAll(new CacheEndpoint(cache).routes());
        }
        if (cluster.serves("filter")) {
            routes.putAll(new FilterEndpoint(localFilter::policySet).routes());
        }
        if (cluster.serves("translation")) {
            routes.putAll(new TranslationEndpoint(vertx, detector).routes());
        }
        return routes;
    }

    /** The admin API this process serves to gateways that forward it: the auth role's, when it runs here. */
    Handler<HttpServerRequest> servedAdmin() {
        return auth == null ? null : auth.admin();
    }

    GatewayServices gatewayServices(SwitchyardConfig config, Clock clock) {
        return new GatewayServices(authService, admission, filter, claude, usage, config.pricing(), admin, cache,
                config.cache().deterministic(), conversations, clock, OutputLimits.of(config), detector, translation)
                .withHealth(health).withTracing(tracing).withResources(resources);
    }

    /** The roles this process calls on others (their clients exist): what a gateway waits to discover at start. */
    List<String> calledRoles() {
        List<String> called = new java.util.ArrayList<>(List.of("claude"));
        if (node == null) {
            return List.of();
        }
        called.removeIf(cluster::serves);
        if (!cluster.serves("auth") && authService instanceof RemoteAuthService) {
            called.add("auth");
        }
        return called;
    }

    /** This process's {@code /health} checks: the dependencies of the roles it serves. */
    HealthChecks health() {
        return health;
    }

    /** {@code /admin/instances} where the auth role runs: every instance this process calls, and its own. */
    void showInstances() {
        if (auth != null && node != null) {
            InstancesRoute.register(auth.admin(), new ClusterDirectory(node.clients()::instanceSets, node.registered()));
        }
    }

    /**
     * Closes what was started, the reverse of the start: remote usage flushed, held grants settled, remote
     * clients stopped, then (blocking, on a worker) the auth service (ledger flushed), the stores and the cache.
     */
    Future<Void> close(Vertx vertx) {
        Future<Void> flushed = remoteUsage == null ? Future.succeededFuture() : remoteUsage.close();
        return flushed.eventually(() -> {
            if (stopStats != null) {
                stopStats.run();
            }
            if (authEndpoint != null) {
                authEndpoint.close();
            }
            if (remoteFilter != null) {
                remoteFilter.close();
            }
            return claude == null ? Future.succeededFuture() : claude.close();
        }).eventually(() -> vertx.executeBlocking(() -> {
            if (auth != null) {
                auth.close();
            }
            if (store != null) {
                store.close();
            }
            if (cache instanceof AutoCloseable c) {
                c.close();
            }
            return null;
        }, false));
    }
}
