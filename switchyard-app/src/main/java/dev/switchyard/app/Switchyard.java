package dev.switchyard.app;

import dev.switchyard.auth.StaticKeyAuthService;
import dev.switchyard.core.config.SwitchyardConfig;
import dev.switchyard.filter.ContentFilter;
import dev.switchyard.gateway.Gateway;
import dev.switchyard.upstream.impl.UpstreamCaller;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

/** One running Switchyard: the services of the system wired in this process, behind the gateway. */
public final class Switchyard {
    private final Vertx vertx;
    private final Gateway gateway;
    private final UpstreamCaller upstream;
    private final PrometheusMeterRegistry registry;

    private Switchyard(Vertx vertx, Gateway gateway, UpstreamCaller upstream, PrometheusMeterRegistry registry) {
        this.vertx = vertx;
        this.gateway = gateway;
        this.upstream = upstream;
        this.registry = registry;
    }

    public static Future<Switchyard> start(Vertx vertx, SwitchyardConfig config, Clock clock) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        UpstreamCaller upstream = new UpstreamCaller(vertx, config, registry, clock, ThreadLocalRandom.current());
        return Gateway.start(vertx, config.server(), new StaticKeyAuthService(config.clientKeys()),
                        ContentFilter.ALLOW_ALL, upstream, registry)
                .map(g -> new Switchyard(vertx, g, upstream, registry));
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

    /** Drains the gateway, then closes the upstream clients. */
    public Future<Void> shutdown() {
        return gateway.shutdown().eventually(upstream::close);
    }
}
