package dev.switchyard.app;

import dev.switchyard.auth.AdmissionControl;
import dev.switchyard.auth.StaticKeyAuthService;
import dev.switchyard.cache.CacheService;
import dev.switchyard.cache.tiered.TieredCache;
import dev.switchyard.conversation.cached.CachedConversations;
import dev.switchyard.conversation.store.JdbcConversationService;
import dev.switchyard.core.config.OutputLimits;
import dev.switchyard.core.config.SwitchyardConfig;
import dev.switchyard.core.config.ConfigException;
import dev.switchyard.core.config.ClusterConfig;
import dev.switchyard.claude.ClaudeService;
import dev.switchyard.cluster.claude.RemoteClaudeService;
import dev.switchyard.filter.service.PolicyFilterService;
import dev.switchyard.gateway.Gateway;
import dev.switchyard.gateway.GatewayServices;
import dev.switchyard.translation.TranslationSettings;
import dev.switchyard.translation.detect.LinguaDetector;
import dev.switchyard.upstream.impl.UpstreamCaller;
import dev.switchyard.usage.UsageSink;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One running Switchyard: the services of the system, each either run in this process (the roles of
 * {@code cluster.roles}, by default all of them) or called on another process through the cluster
 * protocol, behind the gateway when this process serves the gateway role.
 */
public final class Switchyard {
    /** How long a claude role may take to begin its answer (the upstream's own timeouts and retries run inside). */
    static final java.time.Duration CLAUDE_HEAD_TIMEOUT = java.time.Duration.ofMinutes(10);

    private final Vertx vertx;
    private final Gateway gateway;
    private final UpstreamCaller upstream;
    private final ClaudeService claude;
    private final PrometheusMeterRegistry registry;
    private final AuthServices auth;
    private final CacheService cache;
    private final JdbcConversationService conversations;
    private final ClusterNode node;
    /** How long the role port lets calls in flight finish when this process stops (the server's drain timeout). */
    private final java.time.Duration drain;

    private Switchyard(Vertx vertx, Gateway gateway, Started started, PrometheusMeterRegistry registry,
            java.time.Duration drain) {
        this.drain = drain;
        this.vertx = vertx;
        this.gateway = gateway;
        this.upstream = started.upstream;
        this.claude = started.claude;
        this.registry = registry;
        this.auth = started.auth;
        this.cache = started.cache;
        this.conversations = started.conversations;
        this.node = started.node;
    }

    /** What has started so far, closed again if a later step fails: a failed start leaks nothing. */
    private static final class Started {
        ClusterNode node;
        UpstreamCaller upstream;
        ClaudeService claude;
        CacheService cache;
        JdbcConversationService conversations;
        CachedConversations cachedConversations;
        AuthServices auth;
    }

    /**
     * Starts the services of the configuration: the cache, the conversation store (its shards migrated),
     * the auth service (store migrated, keys loaded), the role port and registrations when other
     * processes take part, then the gateway, so that no request waits on any of them.
     */
    public static Future<Switchyard> start(Vertx vertx, SwitchyardConfig config, Clock clock) {
        PolicyFilterService filter;
        ClusterConfig cluster = config.cluster();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Started st = new Started();
        try {
            filter = new PolicyFilterService(config.filters());
            st.node = cluster.allLocal() ? null : ClusterNode.create(vertx, config, registry, clock);
        } catch (ConfigException e) {
            return Future.failedFuture(e);
        }
        if (cluster.serves("claude")) {
            st.upstream = new UpstreamCaller(vertx, config, registry, clock, ThreadLocalRandom.current());
            st.claude = st.upstream;
        } else {
            st.claude = new RemoteClaudeService(vertx, st.node.client("claude"), CLAUDE_HEAD_TIMEOUT);
        }
        st.cache = cluster.serves("cache") ? TieredCache.of(vertx, config.cache(), clock, registry) : CacheService.NONE;
        Future<JdbcConversationService> store = cluster.serves("conversation") && config.conversations().enabled()
                ? JdbcConversationService.start(vertx, config.conversations(), clock) : Future.succeededFuture(null);
        return store.compose(c -> {
            st.conversations = c;
            return cluster.serves("auth") && config.auth().enabled()
                    ? vertx.executeBlocking(() -> AuthServices.open(vertx, config, clock, registry, filter), false)
                    : Future.succeededFuture((AuthServices) null);
        }).compose(a -> {
            st.auth = a;
            st.cachedConversations = st.conversations == null ? null
                    : new CachedConversations(st.conversations, st.cache, WARM_UP_PAUSE, clock);
            if (a != null) {
                AdminRoutes.register(a.admin(), st.cache, st.conversations, st.cachedConversations, dataDir(config));
            }
            return st.node == null ? Future.succeededFuture()
                    : st.node.serve(RoleRoutes.of(cluster, st.claude), RoleRoutes.health(st.node),
                            a == null ? null : a.admin());
        }).compose(v -> startGateway(vertx, config, clock, registry, filter, st))
                .compose(g -> (st.node == null ? Future.<Void>succeededFuture() : st.node.register(g == null ? -1 : g.port()))
                        .map(v -> new Switchyard(vertx, g, st, registry, config.server().drainTimeout())))
                .recover(e -> (st.node == null ? Future.<Void>succeededFuture() : st.node.close(java.time.Duration.ZERO))
                        .eventually(st.claude::close)
                        .eventually(() -> closeServices(vertx, st.auth, st.conversations, st.cache))
                        .transform(ar -> Future.failedFuture(e)));
    }

    /** The gateway, when this process serves the gateway role; null otherwise. */
    private static Future<Gateway> startGateway(Vertx vertx, SwitchyardConfig config, Clock clock,
            PrometheusMeterRegistry registry, PolicyFilterService filter, Started st) {
        if (!config.cluster().serves("gateway")) {
            return Future.succeededFuture(null);
        }
        CachedConversations conversations = st.cachedConversations;
        GatewayServices services;
        if (st.auth == null) {
            services = new GatewayServices(new StaticKeyAuthService(config.clientKeys()), AdmissionControl.NONE,
                    filter, st.claude, UsageSink.NONE, config.pricing(), null, st.cache,
                    config.cache().deterministic(), conversations, clock, OutputLimits.of(config));
        } else {
            services = st.auth.gatewayServices(filter, st.claude, config, st.cache, conversations, clock);
        }
        return Gateway.start(vertx, config.server(), withTranslation(services), registry);
    }

    /**
     * The translation service: Lingua detection among the default languages, built on first use (the
     * start loads nothing). Low-accuracy mode (trigram models only): less memory and a quicker first use;
     * short phrases come out unknown more often, which only means Claude is asked to translate them.
     */
    private static GatewayServices withTranslation(GatewayServices services) {
        TranslationSettings settings = TranslationSettings.defaults();
        return services.withTranslation(new LinguaDetector(settings), settings);
    }

    /** The data directory: where the embedded store lives (the auth store's {@code embedded_dir}). */
    static java.nio.file.Path dataDir(SwitchyardConfig config) {
        java.nio.file.Path dir = config.auth().store().embeddedDir();
        return dir == null ? java.nio.file.Path.of("data") : dir;
    }

    /** How long a user must have been away for their next request to warm the conversation cache. */
    static final java.time.Duration WARM_UP_PAUSE = java.time.Duration.ofMinutes(10);

    /** Secrets made at the first start on an empty store (admin key, first client key), to show once. */
    public List<String> firstStartNotices() {
        return auth == null ? List.of() : auth.firstStartNotices();
    }

    /** The gateway's port; -1 when this process does not serve the gateway role. */
    public int port() {
        return gateway == null ? -1 : gateway.port();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** The role port other processes call this one's roles on; -1 when it serves none to others. */
    public int rolePort() {
        return node == null ? -1 : node.rolePort();
    }

    public boolean ready() {
        return gateway == null ? claude.ready() : gateway.ready();
    }

    public UpstreamCaller upstream() {
        return upstream;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public Vertx vertx() {
        return vertx;
    }

    /**
     * Leaves the cluster first (deregistered, callers given time to notice), then drains the gateway and
     * the role port, then closes the upstream clients, then flushes the usage ledger and closes the stores.
     */
    public Future<Void> shutdown() {
        Future<Void> left = node == null ? Future.succeededFuture() : node.leave();
        return left.eventually(() -> gateway == null ? Future.succeededFuture() : gateway.shutdown())
                .eventually(() -> node == null ? Future.succeededFuture() : node.close(drain))
                .eventually(claude::close).eventually(this::closeServices);
    }

    private Future<Void> closeServices() {
        return closeServices(vertx, auth, conversations, cache);
    }

    private static Future<Void> closeServices(Vertx vertx, AuthServices auth, JdbcConversationService conversations,
            CacheService cache) {
        return vertx.executeBlocking(() -> {
            if (auth != null) {
                auth.close();
            }
            if (conversations != null) {
                conversations.close();
            }
            if (cache instanceof AutoCloseable c) {
                c.close();
            }
            return null;
        }, false);
    }
}
