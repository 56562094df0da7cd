package dev.switchyard.app;

import dev.switchyard.app.monitor.SystemMonitor;
import dev.switchyard.core.config.SwitchyardConfig;
import dev.switchyard.gateway.Gateway;
import dev.switchyard.upstream.impl.UpstreamCaller;
import dev.switchyard.telemetry.Telemetry;
import dev.switchyard.telemetry.TraceExemplars;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Switchyard: the services of the system, each either run in this process (the roles of
 * {@code cluster.roles}, by default all of them) or called on another process through the cluster
 * protocol, behind the gateway when this process serves the gateway role.
 */
public final class Switchyard {
    private static final Logger LOG = LoggerFactory.getLogger(Switchyard.class);

    private final Vertx vertx;
    private final Gateway gateway;
    private final RoleServices services;
    private final PrometheusMeterRegistry registry;
    private final Telemetry telemetry;
    private final SystemMonitor monitor;
    /** How long the role port lets calls in flight finish when this process stops (the server's drain timeout). */
    private final Duration drain;
    /**
     * Micrometer's default puts exemplars on every series, the {@code _count} of a histogram too, which
     * OpenMetrics does not allow and Prometheus refuses, failing the whole scrape: buckets only.
     */
    private static final PrometheusConfig EXEMPLARS_ON_BUCKETS_ONLY = new PrometheusConfig() {
        @Override
        public String get(String key) {
            return null;
        }

        @Override
        public java.util.Properties prometheusProperties() {
            java.util.Properties p = PrometheusConfig.super.prometheusProperties();
            p.setProperty("io.prometheus.exporter.exemplarsOnAllMetricTypes", "false");
            return p;
        }
    };
    /** How long a gateway waits at start for the first instances of the roles it calls. */
    static final Duration DISCOVERY_LIMIT = Duration.ofSeconds(10);

    private Switchyard(Vertx vertx, Gateway gateway, RoleServices services, PrometheusMeterRegistry registry,
            SystemMonitor monitor, Duration drain, Telemetry telemetry) {
        this.telemetry = telemetry;
        this.vertx = vertx;
        this.gateway = gateway;
        this.services = services;
        this.registry = registry;
        this.monitor = monitor;
        this.drain = drain;
    }

    /**
     * Starts the services of the configuration (see {@link RoleServices}), the role port and registrations
     * when other processes take part, then the gateway, so that no request waits on any of them.
     */
    public static Future<Switchyard> start(Vertx vertx, SwitchyardConfig config, Clock clock) {
        return start(vertx, config, clock, null);
    }

    /** As above; {@code spans} (null: none) also sees every span recorded here, for tests. */
    public static Future<Switchyard> start(Vertx vertx, SwitchyardConfig config, Clock clock, SpanProcessor spans) {
        Telemetry telemetry;
        try {
            boolean served = RoleServices.servesRecentTraces(config);
            telemetry = Telemetry.start(config.telemetry(), instanceId(config), spans, served);
            if (!served && config.telemetry().recentTraces() > 0) {
                String instead = config.telemetry().exports() ? "spans are exported"
                        : "trace context is passed on, no span is recorded";
                LOG.info("recent traces: none kept, no admin API here serves /admin/traces; {}", instead);
            }
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(EXEMPLARS_ON_BUCKETS_ONLY,
                new PrometheusRegistry(), io.micrometer.core.instrument.Clock.SYSTEM,
                telemetry.tracing().enabled() ? new TraceExemplars() : null);
        Future<RoleServices> started = RoleServices.start(vertx, config, clock, registry, telemetry);
        // Every role process has it: each is scraped on its own, and each is a JVM on some machine. Started
        // while the stores open on worker threads, not before: it is not on their way to /ready.
        SystemMonitor monitor = SystemMonitor.start(vertx, registry,
                List.of(java.nio.file.Path.of("/"), dataDir(config)));
        return started.compose(services -> {
            ClusterNode node = services.node;
            Future<Void> served = node == null ? Future.succeededFuture()
                    : node.serve(services.routes(vertx), RoleRoutes.health(node, services.health()),
                            services.servedAdmin());
            Future<Void> discovered = node == null || !config.cluster().serves("gateway") ? served
                    : served.compose(v -> node.awaitDiscovery(services.calledRoles(), DISCOVERY_LIMIT));
            return discovered.compose(v -> config.cluster().serves("gateway")
                            ? Gateway.start(vertx, config.server(), services.gatewayServices(config, clock), registry)
                            : Future.<Gateway>succeededFuture(null))
                    .compose(g -> (node == null ? Future.<Void>succeededFuture() : node.register(g == null ? -1 : g.port()))
                            .andThen(v -> services.showInstances())
                            .map(v -> new Switchyard(vertx, g, services, registry, monitor,
                                    config.server().drainTimeout(), telemetry)))
                    .recover(e -> (node == null ? Future.<Void>succeededFuture() : node.close(Duration.ZERO))
                            .eventually(() -> services.close(vertx)).transform(ar -> Future.failedFuture(e)));
        }).onFailure(e -> {
            monitor.close();
            telemetry.close();
        });
    }

    /** The instance id spans carry: the configured one, else this process's. */
    private static String instanceId(SwitchyardConfig config) {
        String id = config.cluster().instanceId();
        return id != null ? id : ThisProcess.instanceId();
    }

    /** This process's tracing (its recent traces, its exporter). */
    public Telemetry telemetry() {
        return telemetry;
    }

    /** The data directory: where the embedded store lives (the auth store's {@code embedded_dir}). */
    static java.nio.file.Path dataDir(SwitchyardConfig config) {
        java.nio.file.Path dir = config.auth().store().embeddedDir();
        return dir == null ? java.nio.file.Path.of("data") : dir;
    }


    /** Secrets made at the first start on an empty store (admin key, first client key), to show once. */
    public List<String> firstStartNotices() {
        return services.auth == null ? List.of() : services.auth.firstStartNotices();
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
        return services.node == null ? -1 : services.node.rolePort();
    }

    public boolean ready() {
        if (gateway != null) {
            return gateway.ready();
        }
        return services.claude == null || services.claude.ready();
    }

    /** The in-process Claude caller; null when the claude role runs elsewhere. */
    public UpstreamCaller upstream() {
        return services.upstream;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public Vertx vertx() {
        return vertx;
    }

    /**
     * Leaves the cluster first (deregistered, callers given time to notice), then drains the gateway and
     * the role port, then closes the services: remote usage flushed, upstream clients closed, the usage
     * ledger flushed and the stores closed.
     */
    public Future<Void> shutdown() {
        ClusterNode node = services.node;
        if (gateway != null && node != null) {
            gateway.leave(); // clients move their connections elsewhere during the notice below
        }
        Future<Void> left = node == null ? Future.succeededFuture() : node.leave();
        return left.eventually(() -> gateway == null ? Future.succeededFuture() : gateway.shutdown())
                .eventually(() -> node == null ? Future.succeededFuture() : node.close(drain))
                .eventually(() -> services.close(vertx))
                .andThen(ar -> monitor.close())
                .eventually(() -> vertx.executeBlocking(() -> {
                    telemetry.close(); // exports what is pending, within its bounded wait
                    return null;
                }, false).mapEmpty());
    }
}
