package dev.switchyard.cache.tiered;

import dev.switchyard.core.breaker.Breakers;
import dev.switchyard.core.config.BreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * One Redis endpoint (a standalone node, or a whole cluster behind one client) with its own breaker:
 * every call bounded by a timeout, refused while the breaker is open, its outcome recorded. Known to
 * logs and metrics by its index only, never by URL.
 */
final class RedisNode {
    /** Thrown for calls the open breaker refused; no stack trace, it is a normal, frequent outcome. */
    static final class BreakerOpen extends RuntimeException {
        BreakerOpen() {
            super("cache node breaker open", null, false, false);
        }
    }

    private static final BreakerOpen OPEN = new BreakerOpen();

    final int index;
    private final Redis redis;
    private final CircuitBreaker breaker;
    private final long timeoutMillis;
    private final Meters meters;

    RedisNode(int index, Redis redis, BreakerConfig breaker, Clock clock, long timeoutMillis, Meters meters) {
        this.index = index;
        this.redis = redis;
        this.breaker = CircuitBreaker.of("cache-node-" + index, Breakers.sharedStore(breaker, clock));
        this.timeoutMillis = Math.max(1, timeoutMillis);
        this.meters = meters;
    }

    static Redis client(Vertx vertx, RedisOptions options, long timeoutMillis) {
        options.setMaxPoolSize(16).setMaxPoolWaiting(4096);
        // A connect that takes longer than a call may is given up anyway; a little slack avoids churn.
        options.getNetClientOptions().setConnectTimeout((int) Math.max(timeoutMillis, 500));
        return Redis.createClient(vertx, options);
    }

    Future<Response> send(Request request) {
        return call(() -> redis.send(request), timeoutMillis);
    }

    Future<Response> send(Request request, long timeoutMillis) {
        return call(() -> redis.send(request), timeoutMillis);
    }

    /** Any call on this endpoint's client, under its breaker. */
    <T> Future<T> call(Supplier<Future<T>> op, long timeoutMillis) {
        return Breakers.call(breaker, timeoutMillis, op, OPEN).andThen(ar -> {
            if (ar.failed()) {
                if (ar.cause() == OPEN) {
                    meters.shortCircuited(index);
                } else {
                    meters.l2Error(index);
                }
            }
        });
    }

    Redis redis() {
        return redis;
    }

    CircuitBreaker.State state() {
        return breaker.getState();
    }

    long timeoutMillis() {
        return timeoutMillis;
    }

    Future<Void> close() {
        return redis.close();
    }
}
