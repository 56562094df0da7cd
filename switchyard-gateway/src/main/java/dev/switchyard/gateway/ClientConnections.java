package dev.switchyard.gateway;

import dev.switchyard.core.config.ServerConfig;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.impl.ConnectionBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits each new client connection with the gateway's defences, before its first byte is decoded:
 * the strict decoder ({@link StrictRequestDecoder}), the deadlines ({@link ConnectionGuard}) and the
 * per-address cap ({@link ConnectionLimiter}). Vert.x has no public hook into the HTTP/1 pipeline, so
 * this reaches it through the connection's Netty context; the handler names are Vert.x's.
 */
final class ClientConnections implements Handler<HttpConnection> {
    private static final Logger LOG = LoggerFactory.getLogger(ClientConnections.class);
    private static final String DECODER = "httpDecoder";
    private static final String VERTX_HANDLER = "handler";

    private final ServerConfig config;
    private final HttpServerOptions options;
    private final ConnectionLimiter limiter;

    ClientConnections(ServerConfig config, HttpServerOptions options) {
        this.config = config;
        this.options = options;
        this.limiter = new ConnectionLimiter(config.maxConnectionsPerIp());
    }

    @Override
    public void handle(HttpConnection connection) {
        if (!(connection instanceof ConnectionBase base) || base.channelHandlerContext().pipeline().get(DECODER) == null) {
            LOG.warn("connection from {} is not HTTP/1 over Netty: no client deadlines on it", connection.remoteAddress());
            return;
        }
        ChannelPipeline pipeline = base.channelHandlerContext().pipeline();
        String address = connection.remoteAddress() == null ? "unknown" : connection.remoteAddress().hostAddress();
        boolean admitted = limiter.tryAcquire(address);
        ConnectionGuard guard = new ConnectionGuard(config.headerTimeout().toMillis(), config.bodyTimeout().toMillis(),
                config.keepAliveTimeout().toMillis(), admitted ? () -> limiter.release(address) : () -> {});
        pipeline.replace(DECODER, DECODER, new StrictRequestDecoder(options, guard::headBytes));
        pipeline.addBefore(VERTX_HANDLER, ConnectionGuard.NAME, guard);
        if (!admitted) {
            guard.refuse("too many connections from one address (at most " + config.maxConnectionsPerIp() + ")");
        }
    }
}
