package dev.switchyard.auth.limit;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Redis for the request path: one pipelined connection per event-loop context, made on that context.
 *
 * <p>Concurrency design: a pooled client lends a connection per command, and the reply arrives on
 * whichever event loop made that connection, so most commands cost a pool round and a hop between
 * threads (measured: the largest part of what the limiter added to a request). Here each event-loop
 * context has its own connection: commands from that context are written to it back to back without
 * waiting for replies (Redis answers in order), and replies come back on the thread that sent them.
 * The map is touched only to connect and to forget a broken connection (its close or error handler),
 * so the request path reads it once per call. Calls from outside an event loop use the pooled client.
 */
final class LoopLocalRedis {
    private final Redis direct;
    private final Redis pooled;
    private final Map<Context, Future<RedisConnection>> byContext = new ConcurrentHashMap<>();

    LoopLocalRedis(Vertx vertx, RedisOptions options) {
        this.pooled = Redis.createClient(vertx, new RedisOptions(options));
        this.direct = Redis.createClient(vertx, new RedisOptions(options));
    }

    Future<Response> send(Request request) {
        Context context = Vertx.currentContext();
        if (context == null || !context.isEventLoopContext()) {
            return pooled.send(request);
        }
        // Each request runs on its own duplicate of the event loop's context: key by the loop's own one.
        Future<RedisConnection> connection = byContext.computeIfAbsent(((ContextInternal) context).unwrap(),
                this::connect);
        if (connection.succeeded()) {
            return connection.result().send(request);
        }
        return connection.compose(c -> c.send(request));
    }

    /** Connections made or being made (one per event loop in use). */
    int connections() {
        return byContext.size();
    }

    /** Runs on {@code context}'s thread (computeIfAbsent is called there), so the socket lives on its loop. */
    private Future<RedisConnection> connect(Context context) {
        Future<RedisConnection> connecting = direct.connect();
        connecting.onComplete(ar -> {
            if (ar.failed()) {
                byContext.remove(context, connecting);
                return;
            }
            RedisConnection c = ar.result();
            c.exceptionHandler(e -> forget(context, connecting, c));
            c.endHandler(v -> forget(context, connecting, c));
        });
        return connecting;
    }

    private void forget(Context context, Future<RedisConnection> connecting, RedisConnection c) {
        if (byContext.remove(context, connecting)) {
            c.close();
        }
    }

    Future<Void> close() {
        byContext.values().forEach(f -> f.onSuccess(RedisConnection::close));
        byContext.clear();
        return pooled.close().eventually(direct::close);
    }
}
