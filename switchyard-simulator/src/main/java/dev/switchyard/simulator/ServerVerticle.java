package dev.switchyard.simulator;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

/** One HttpServer on its own event loop; instances on one port share it, Vert.x spreading connections. */
final class ServerVerticle extends VerticleBase {
    private final HttpServerOptions serverOptions;
    private final Handler<HttpServerRequest> handler;
    private final Runnable onConnection;
    private volatile HttpServer server;

    ServerVerticle(String host, int port, Handler<HttpServerRequest> handler, Runnable onConnection) {
        this.onConnection = onConnection;
        this.serverOptions = new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setTcpNoDelay(true)
                .setAcceptBacklog(8192)
                .setHandle100ContinueAutomatically(true);
        this.handler = handler;
    }

    @Override
    public Future<?> start() {
        server = vertx.createHttpServer(serverOptions).requestHandler(handler)
                .connectionHandler(c -> onConnection.run());
        return server.listen();
    }

    int actualPort() {
        return server.actualPort();
    }
}
