package dev.switchyard.app;

import dev.switchyard.auth.StaticKeyAuthService;
import dev.switchyard.core.config.SwitchyardConfig;
import dev.switchyard.filter.ContentFilter;
import dev.switchyard.gateway.Gateway;
import dev.switchyard.gateway.GatewayServices;
import dev.switchyard.upstream.impl.UpstreamCaller;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** One running Switchyard: the services of the system wired in this process, behind the gateway. */
public final class Switchyard {
    private final Vertx vertx;
    private final Gateway gateway;
    private final UpstreamCaller upstream;
    private final PrometheusMeterRegistry registry;
    private final AuthServices auth;

    private Switchyard(Vertx vertx, Gateway gateway, UpstreamCaller upstream, PrometheusMeterRegistry registry,
            AuthServices auth) {
        this.vertx = vertx;
        this.gateway = gateway;
        this.upstream = upstream;
        this.registry = registry;
        this.auth = auth;
    }

    /**
     * Starts every service of the configuration in this process. With {@code auth} enabled the store is
     * opened (and migrated) and the keys loaded before the gateway listens, so no request waits on them.
     */
    public static Future<Switchyard> start(Vertx vertx, SwitchyardConfig config, Clock clock) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        UpstreamCaller upstream = new UpstreamCaller(vertx, config, registry, clock, ThreadLocalRandom.current());
        if (!config.auth().enabled()) {
            GatewayServices core = GatewayServices.core(new StaticKeyAuthService(config.clientKeys()),
                    ContentFilter.ALLOW_ALL, upstream);
            return Gateway.start(vertx, config.server(), core, registry)
                    .map(g -> new Switchyard(vertx, g, upstream, registry, null));
        }
        return vertx.executeBlocking(() -> AuthServices.open(vertx, config, clock, registry), false)
                .compose(auth -> Gateway.start(vertx, config.server(),
                                auth.gatewayServices(ContentFilter.ALLOW_ALL, upstream, config, clock), registry)
                        .map(g -> new Switchyard(vertx, g, upstream, registry, auth))
                        .onFailure(e -> vertx.executeBlocking(() -> {
                            auth.close();
                            return null;
                        }, false)));
    }

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

    /** Drains the gateway, then closes the upstream clients, then flushes the usage ledger and closes the store. */
    public Future<Void> shutdown() {
        return gateway.shutdown().eventually(upstream::close).eventually(() -> auth == null ? Future.succeededFuture()
                : vertx.executeBlocking(() -> {
                    auth.close();
                    return null;
                }, false));
    }
}
