package dev.switchyard.gateway;

import dev.switchyard.auth.AuthService;
import dev.switchyard.core.config.ServerConfig;
import dev.switchyard.core.net.SharedPorts;
import dev.switchyard.filter.ContentFilter;
import dev.switchyard.claude.ClaudeService;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API gateway's HTTP listener: one server per event loop, all on one shared port, Vert.x
 * spreading accepted connections between them.
 */
public final class Gateway {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final ServerConfig config;
    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
    private volatile boolean draining;
    /** Set before draining: every answer then closes its connection, so clients stop reusing them. */
    private volatile boolean leaving;
    private ClaudeService claude;
    private int port;

    private Gateway(ServerConfig config) {
        this.config = config;
    }

    /** The core pipeline: no limits, no ledger, no admin API. */
    public static Future<Gateway> start(Vertx vertx, ServerConfig config, AuthService auth, ContentFilter filter,
            ClaudeService claude, PrometheusMeterRegistry registry) {
        return start(vertx, config, GatewayServices.core(auth, filter, claude), registry);
    }

    public static Future<Gateway> start(Vertx vertx, ServerConfig config, GatewayServices services,
            PrometheusMeterRegistry registry) {
        Gateway gateway = new Gateway(config);
        GatewayMeters meters = new GatewayMeters(registry, services.claude()::modelLabel);
        Chain messages = Chains.messages(vertx, services, meters, config.maxBodyBytes());
        Chain countTokens = Chains.countTokens(vertx, services, meters, config.maxBodyBytes());
        Chain translate = Chains.translate(vertx, services, meters, config.maxBodyBytes());
        Chain chat = Chains.chatCompletions(vertx, services, meters, config.maxBodyBytes());
        gateway.claude = services.claude();
        GatewayHandler handler = new GatewayHandler(messages, countTokens, translate, chat, services, meters, registry, gateway::ready,
                () -> gateway.leaving, config.maxBodyBytes(), config.metricsToken());
        int instances = config.eventLoops() > 0 ? config.eventLoops() : Runtime.getRuntime().availableProcessors();
        return gateway.listen(vertx, handler, instances);
    }

    private Future<Gateway> listen(Vertx vertx, GatewayHandler handler, int instances) {
        HttpServerOptions options = new HttpServerOptions()
                .setHost(config.host())
                .setPort(SharedPorts.bindPort(config.port()))
                .setMaxHeaderSize(config.maxHeaderBytes())
                .setMaxInitialLineLength(8192)
                .setMaxFormAttributeSize(0)
                .setCompressionSupported(false)
                .setTcpNoDelay(true)
                .setAcceptBacklog(8192)
                // Client deadlines are ConnectionGuard's: Vert.x's idle timeout would also cut a
                // response that is slow upstream. Clients speak HTTP/1.1; h2c would bypass the guard.
                .setIdleTimeout(0)
                .setHttp2ClearTextEnabled(false);
        ClientConnections connections = new ClientConnections(config, options);
        // One verticle instance per event loop: servers created from a plain thread would all share
        // that thread's one context, and so one event loop, whatever their number.
        return vertx.deployVerticle(() -> new ServerVerticle(options, handler, connections, servers),
                        new DeploymentOptions().setInstances(instances))
                .map(id -> {
                    port = servers.get(0).actualPort();
                    LOG.info("gateway listening on {}:{} with {} event loop(s)", config.host(), port, instances);
                    return this;
                });
    }

    /** One of the gateway's HTTP servers, on the event loop of its verticle instance. */
    private static final class ServerVerticle extends VerticleBase {
        private final HttpServerOptions options;
        private final GatewayHandler handler;
        private final ClientConnections connections;
        private final List<HttpServer> servers;

        ServerVerticle(HttpServerOptions options, GatewayHandler handler, ClientConnections connections,
                List<HttpServer> servers) {
            this.options = options;
            this.handler = handler;
            this.connections = connections;
            this.servers = servers;
        }

        @Override
        public Future<?> start() {
            HttpServer server = vertx.createHttpServer(options).requestHandler(handler)
                    .invalidRequestHandler(new InvalidRequests())
                    .connectionHandler(connections);
            servers.add(server);
            return server.listen();
        }
    }

    public int port() {
        return port;
    }

    /** Readiness: not draining, and every model has a deployment whose breaker lets requests through. */
    public boolean ready() {
        return !draining && claude.ready();
    }

    /**
     * The first step of leaving: readiness goes false and every answer from now on carries {@code connection:
     * close}, so clients (and balancers) move their keep-alive connections elsewhere while this gateway
     * still answers, and the drain that follows closes idle connections that nobody is about to reuse.
     */
    public void leave() {
        leaving = true;
        draining = true;
    }

    /**
     * Graceful stop: readiness goes false, new connections are refused, and requests and streams in
     * flight get up to the drain timeout to finish before their connections are closed.
     */
    public Future<Void> shutdown() {
        draining = true;
        long ms = config.drainTimeout().toMillis();
        LOG.info("draining: waiting up to {} ms for requests in flight", ms);
        List<Future<Void>> all = servers.stream().map(s -> s.shutdown(ms, TimeUnit.MILLISECONDS)).toList();
        return Future.join(all).mapEmpty();
    }
}
