package dev.switchyard.app;

import dev.switchyard.core.telemetry.Tracing;
import dev.switchyard.auth.AdmissionControl;
import dev.switchyard.auth.AuthService;
import dev.switchyard.auth.admin.AdminApi;
import dev.switchyard.auth.admin.AdminCredentials;
import dev.switchyard.auth.filters.FilterRefresh;
import dev.switchyard.auth.filters.FiltersRoute;
import dev.switchyard.auth.filters.JdbcFilterStore;
import dev.switchyard.auth.keys.KeyEvents;
import dev.switchyard.auth.keys.KeySecrets;
import dev.switchyard.auth.keys.KeySpec;
import dev.switchyard.auth.keys.KeyStore;
import dev.switchyard.auth.keys.RedisKeyEvents;
import dev.switchyard.auth.keys.VirtualKeyAuthService;
import dev.switchyard.auth.ledger.JdbcUsageLedger;
import dev.switchyard.auth.ledger.UsageQuery;
import dev.switchyard.auth.limit.LocalLimiter;
import dev.switchyard.auth.limit.RedisAdmissionControl;
import dev.switchyard.auth.store.AuthDatabase;
import dev.switchyard.auth.store.JdbcUpstreamResources;
import dev.switchyard.claude.UpstreamResources;
import dev.switchyard.auth.store.JdbcKeyStore;
import dev.switchyard.auth.store.JdbcSpendSource;
import dev.switchyard.cache.CacheService;
import dev.switchyard.conversation.ConversationService;
import dev.switchyard.core.config.AuthConfig;
import dev.switchyard.core.config.OutputLimits;
import dev.switchyard.core.config.SwitchyardConfig;
import dev.switchyard.core.health.DependencyCheck;
import dev.switchyard.core.health.DependencySource;
import dev.switchyard.core.health.HealthChecks;
import dev.switchyard.core.health.JdbcCheck;
import dev.switchyard.filter.ContentFilter;
import dev.switchyard.filter.service.PolicyFilterService;
import dev.switchyard.gateway.GatewayServices;
import dev.switchyard.claude.ClaudeService;
import dev.switchyard.jdbc.Database;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.time.Clock;
import dev.switchyard.usage.UsageSink;
import java.util.ArrayList;
import java.util.List;

/**
 * The auth service wired in this process: the store (PostgreSQL or the embedded file database), the
 * in-memory key cache with its change events, limits and budgets (Redis, or in-process without it),
 * the usage ledger and the admin API. {@link #open} blocks (migrations, loading keys): call it off the
 * event loop. On an empty store it makes the first admin key and client key and hands their secrets
 * to the caller, to be shown once.
 */
final class AuthServices implements DependencySource, AutoCloseable {
    private final Database database;
    private final KeyEvents events;
    private final VirtualKeyAuthService keys;
    private final AdminCredentials admins;
    private final AdmissionControl admission;
    private final AutoCloseable admissionResource;
    private final JdbcUsageLedger ledger;
    private final AdminApi admin;
    private final FilterRefresh filters;
    private final List<String> firstStartNotices;
    private final Vertx vertx;
    /** A client of its own for the auth Redis check (null without Redis): the limiter's breaker must not hide an outage. */
    private final Redis healthRedis;

    private AuthServices(Vertx vertx, Redis healthRedis, Database database, KeyEvents events, VirtualKeyAuthService keys, AdminCredentials admins,
            AdmissionControl admission, AutoCloseable admissionResource, JdbcUsageLedger ledger, AdminApi admin,
            FilterRefresh filters, List<String> notices) {
        this.database = database;
        this.events = events;
        this.keys = keys;
        this.admins = admins;
        this.admission = admission;
        this.admissionResource = admissionResource;
        this.ledger = ledger;
        this.admin = admin;
        this.filters = filters;
        this.firstStartNotices = notices;
        this.vertx = vertx;
        this.healthRedis = healthRedis;
    }

    /** {@code filter}: the content filter service, kept up to date with the policies set through the admin API. */
    static AuthServices open(Vertx vertx, SwitchyardConfig config, Clock clock, MeterRegistry registry,
            PolicyFilterService filter) {
        return open(vertx, config, clock, registry, filter, Tracing.NOOP);
    }

    /** {@code tracing}: the usage ledger's flushes as spans. */
    static AuthServices open(Vertx vertx, SwitchyardConfig config, Clock clock, MeterRegistry registry,
            PolicyFilterService filter, Tracing tracing) {
        AuthConfig auth = config.auth();
        Database database = AuthDatabase.open(auth.store(), auth.store().schema());
        try {
            KeyStore store = new JdbcKeyStore(database, clock);
            List<String> notices = bootstrap(store, auth, config.clientKeys());
            KeyEvents events = auth.redis().enabled() ? new RedisKeyEvents(vertx, auth.redis()) : KeyEvents.LOCAL;
            VirtualKeyAuthService keys = VirtualKeyAuthService.load(vertx, store, events, config.clientKeys(), clock,
                    auth.keyRefresh());
            AdmissionControl admission;
            AutoCloseable admissionResource;
            if (auth.redis().enabled()) {
                RedisAdmissionControl redis = new RedisAdmissionControl(vertx, auth.redis(), auth.rateLimitsOnRedisDown(),
                        auth.budgetsOnRedisDown(), auth.replicas(), config.pricing(), new JdbcSpendSource(database),
                        clock, registry);
                admission = redis;
                admissionResource = redis::close;
            } else {
                admission = LocalLimiter.local(vertx, config.pricing(), new JdbcSpendSource(database), clock, registry);
                admissionResource = () -> { };
            }
            JdbcUsageLedger ledger = new JdbcUsageLedger(database, auth.ledger(), clock, registry, tracing);
            AdminCredentials admins = AdminCredentials.load(vertx, auth.adminKey(), store, auth.keyRefresh());
            AdminApi admin = new AdminApi(vertx, store, keys, admins, new UsageReport(new UsageQuery(database)), clock);
            JdbcFilterStore filterStore = new JdbcFilterStore(database, clock);
            FilterRefresh filters = FilterRefresh.start(vertx, filterStore, events, filter::update, auth.keyRefresh());
            admin.route("filters", new FiltersRoute(filterStore, filters, config.filters()));
            InstancesRoute.register(admin, InstancesRoute.localOnly(config.server(), ThisProcess.instanceId(),
                    ThisProcess.ALL_ROLES, clock.instant()));
            Redis healthRedis = auth.redis().enabled() ? healthClient(vertx, auth.redis().url()) : null;
            return new AuthServices(vertx, healthRedis, database, events, keys, admins, admission, admissionResource, ledger, admin,
                    filters, notices);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    private static Redis healthClient(Vertx vertx, String url) {
        RedisOptions options = new RedisOptions().setConnectionString(url).setMaxPoolSize(1).setMaxPoolWaiting(8);
        options.getNetClientOptions().setConnectTimeout((int) HealthChecks.DEFAULT_TIMEOUT.toMillis());
        return Redis.createClient(vertx, options);
    }

    /** First start on an empty store: an admin key (unless the config has one) and a client key. */
    private static List<String> bootstrap(KeyStore store, AuthConfig auth, List<String> staticClientKeys) {
        List<String> notices = new ArrayList<>();
        if (auth.adminKey() == null && store.noAdminKeys()) {
            String admin = KeySecrets.generate(KeySecrets.ADMIN_PREFIX);
            store.addAdminKey(KeySecrets.hash(admin), KeySecrets.displayPrefix(admin));
            notices.add("First start: created an admin key for /admin and `switchyard keys` (shown once; set it as "
                    + "SWITCHYARD_ADMIN_KEY): " + admin);
        }
        if (staticClientKeys.isEmpty() && store.list(null).isEmpty()) {
            String key = store.create(new KeySpec("first key", "default", null, null, null, null, null)).plaintext();
            notices.add("First start: created a client API key (shown once): " + key);
        }
        return notices;
    }

    /**
     * {@code auth_store} (required: keys, the ledger and the admin API live there) and, with Redis,
     * {@code auth_redis} (optional: limits and budgets fall back to this process, see on_redis_down).
     */
    @Override
    public List<DependencyCheck> dependencyChecks() {
        DependencyCheck store = JdbcCheck.required(vertx, "auth_store", database.dataSource());
        if (healthRedis == null) {
            return List.of(store);
        }
        return List.of(store, DependencyCheck.optional("auth_redis",
                timeout -> healthRedis.send(Request.cmd(Command.PING)).<Void>mapEmpty()));
    }

    AdminApi admin() {
        return admin;
    }

    AuthService keys() {
        return keys;
    }

    AdmissionControl admission() {
        return admission;
    }

    UsageSink ledger() {
        return ledger;
    }

    /** Which deployment holds each batch and file, in the auth store with the keys. */
    UpstreamResources resources() {
        return new JdbcUpstreamResources(vertx, database);
    }

    List<String> firstStartNotices() {
        return firstStartNotices;
    }

    /** Blocking: flushes the ledger, then closes the store. */
    @Override
    public void close() {
        filters.close();
        keys.close();
        admins.close();
        events.close();
        try {
            admissionResource.close();
        } catch (Exception e) {
            // closing a client: nothing left to do about it
        }
        ledger.close();
        if (healthRedis != null) {
            healthRedis.close();
        }
        database.close();
    }
}
