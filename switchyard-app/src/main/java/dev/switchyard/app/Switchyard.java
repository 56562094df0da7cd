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
import java.util.concurrent.atomic.AtomicReference;

/** One running Switchyard: the services of the system wired in this process, behind the gateway. */
public final class Switchyard {
    private final Vertx vertx;
    private final Gateway gateway;
    private final UpstreamCaller upstream;
    private final PrometheusMeterRegistry registry;
    private final AuthServices auth;
    private final CacheService cache;
    private final JdbcConversationService conversations;

    private Switchyard(Vertx vertx, Gateway gateway, UpstreamCaller upstream, PrometheusMeterRegistry registry,
            AuthServices auth, CacheService cache, JdbcConversationService conversations) {
        this.vertx = vertx;
        this.gateway = gateway;
        this.upstream = upstream;
        this.registry = registry;
        this.auth = auth;
        this.cache = cache;
        this.conversations = conversations;
    }

    /**
     * Starts every service of the configuration in this process: the cache, the conversation store (its
     * shards migrated), the auth service (store migrated, keys loaded), then the gateway, so that no
     * request waits on any of them.
     */
    public static Future<Switchyard> start(Vertx vertx, SwitchyardConfig config, Clock clock) {
        PolicyFilterService filter;
        try {
            filter = new PolicyFilterService(config.filters());
        } catch (ConfigException e) {
            return Future.failedFuture(e);
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        UpstreamCaller upstream = new UpstreamCaller(vertx, config, registry, clock, ThreadLocalRandom.current());
        CacheService cache = TieredCache.of(vertx, config.cache(), clock, registry);
        // What has started so far, closed again if a later step fails: a failed start leaks nothing.
        AtomicReference<JdbcConversationService> conv = new AtomicReference<>();
        AtomicReference<AuthServices> auth = new AtomicReference<>();
        Future<JdbcConversationService> store = config.conversations().enabled()
                ? JdbcConversationService.start(vertx, config.conversations(), clock) : Future.succeededFuture(null);
        return store.compose(c -> {
            conv.set(c);
            return config.auth().enabled()
                    ? vertx.executeBlocking(() -> AuthServices.open(vertx, config, clock, registry, filter), false)
                    : Future.succeededFuture((AuthServices) null);
        }).compose(a -> {
            auth.set(a);
            CachedConversations conversations = conv.get() == null ? null
                    : new CachedConversations(conv.get(), cache, WARM_UP_PAUSE, clock);
            GatewayServices services;
            if (a == null) {
                services = new GatewayServices(new StaticKeyAuthService(config.clientKeys()), AdmissionControl.NONE,
                        filter, upstream, UsageSink.NONE, config.pricing(), null, cache,
                        config.cache().deterministic(), conversations, clock, OutputLimits.of(config));
            } else {
                services = a.gatewayServices(filter, upstream, config, cache, conversations, clock);
                AdminRoutes.register(a.admin(), cache, conv.get(), conversations, dataDir(config));
            }
            return Gateway.start(vertx, config.server(), withTranslation(services), registry)
                    .map(g -> new Switchyard(vertx, g, upstream, registry, a, cache, conv.get()));
        }).recover(e -> upstream.close().eventually(() -> closeServices(vertx, auth.get(), conv.get(), cache))
                .transform(ar -> Future.failedFuture(e)));
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

    public int port() {
        return gateway.port();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + gateway.port();
    }

    public boolean ready() {
        return gateway.ready();
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

    /** Drains the gateway, then closes the upstream clients, then flushes the usage ledger and closes the stores. */
    public Future<Void> shutdown() {
        return gateway.shutdown().eventually(upstream::close).eventually(this::closeServices);
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
