package dev.switchyard.auth.keys;

import dev.switchyard.core.config.RedisConfig;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Key change events over Redis pub/sub. One dedicated subscriber connection, re-established one second
 * after it drops (while it is down, the periodic cache refresh covers); publishing uses a pooled client
 * and never waits longer than the Redis timeout.
 */
public final class RedisKeyEvents implements KeyEvents {
    private static final Logger LOG = LoggerFactory.getLogger(RedisKeyEvents.class);

    private final Vertx vertx;
    private final RedisConfig config;
    private final String channel;
    private final Redis publisher;
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private volatile RedisConnection subscriber;
    private volatile boolean closed;

    public RedisKeyEvents(Vertx vertx, RedisConfig config) {
        this.vertx = vertx;
        this.config = config;
        this.channel = config.keyPrefix() + "key-events";
        this.publisher = Redis.createClient(vertx, new RedisOptions().setConnectionString(config.url()));
        connect();
    }

    @Override
    public void publish(String event) {
        publisher.send(Request.cmd(Command.PUBLISH).arg(channel).arg(event))
                .timeout(Math.max(config.timeout().toMillis(), 250), java.util.concurrent.TimeUnit.MILLISECONDS)
                .onFailure(e -> LOG.warn("could not publish key event ({}); replicas pick it up at their next refresh",
                        e.toString()));
    }

    @Override
    public void subscribe(Consumer<String> listener) {
        listeners.add(listener);
    }

    private void connect() {
        if (closed) {
            return;
        }
        Redis.createClient(vertx, new RedisOptions().setConnectionString(config.url())).connect()
                .onSuccess(conn -> {
                    subscriber = conn;
                    conn.handler(this::message);
                    conn.exceptionHandler(e -> { });
                    conn.endHandler(v -> retry());
                    conn.send(Request.cmd(Command.SUBSCRIBE).arg(channel)).onFailure(e -> conn.close());
                })
                .onFailure(e -> retry());
    }

    private void retry() {
        subscriber = null;
        if (!closed) {
            vertx.setTimer(1000, id -> connect());
        }
    }

    private void message(Response r) {
        // Pushed messages arrive as ["message", channel, payload].
        if (r.type() == ResponseType.PUSH || r.type() == ResponseType.MULTI) {
            if (r.size() == 3 && "message".equals(r.get(0).toString())) {
                String event = r.get(2).toString();
                listeners.forEach(l -> l.accept(event));
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        RedisConnection c = subscriber;
        if (c != null) {
            c.close();
        }
        publisher.close();
    }
}
