package dev.switchyard.auth.limit;

import dev.switchyard.core.breaker.Breakers;
import dev.switchyard.core.config.RedisConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis client of admission control and the scripts it runs: every call bounded by the configured timeout,
 * failures counted, and those on the request path behind a circuit breaker (on the injected clock).
 */
final class RedisScripts {
    static final LuaScript GRANT = LuaScript.load("grant");
    static final LuaScript SYNC = LuaScript.load("sync");
    static final LuaScript SEED = LuaScript.load("seed");
    static final LuaScript RECONCILE = LuaScript.load("reconcile");
    private static final Logger log = LoggerFactory.getLogger(RedisScripts.class);
    /** The open breaker's refusal: a normal, frequent outcome, so one shared instance. */
    private static final IllegalStateException BREAKER_OPEN = new IllegalStateException("Redis breaker open");

    private final Redis redis;
    private final CircuitBreaker breaker;
    private final long timeoutMillis;
    private final Meters meters;

    RedisScripts(Vertx vertx, RedisConfig config, Clock clock, Meters meters) {
        this.timeoutMillis = Math.max(1, config.timeout().toMillis());
        this.breaker = CircuitBreaker.of("redis-limits", Breakers.sharedStore(config.breaker(), clock));
        this.meters = meters;
        RedisOptions options = new RedisOptions().setConnectionString(config.url()).setMaxPoolSize(16)
                .setMaxPoolWaiting(4096);
        options.getNetClientOptions().setConnectTimeout((int) Math.max(timeoutMillis, 1000));
        this.redis = Redis.createClient(vertx, options);
    }

    /** The first decisions must not spend their short timeout on a connection and a NOSCRIPT round trip. */
    void preload() {
        for (LuaScript script : List.of(GRANT, SYNC, SEED, RECONCILE)) {
            script.preload(redis).onFailure(e -> log.debug("Could not preload {}: {}", script.name, e.toString()));
        }
    }

    CircuitBreaker breaker() {
        return breaker;
    }

    long timeoutMillis() {
        return timeoutMillis;
    }

    /**
     * One call on the request path: refused while the breaker is open, bounded by the timeout, its outcome
     * recorded. {@code raw}, when given, sees the reply itself, also one that arrives after the timeout.
     */
    Future<Response> call(LuaScript script, List<String> args, Consumer<Future<Response>> raw) {
        return Breakers.call(breaker, timeoutMillis, () -> {
            Future<Response> f = script.run(redis, args);
            if (raw != null) {
                raw.accept(f);
            }
            return f;
        }, BREAKER_OPEN).andThen(ar -> {
            if (ar.failed() && ar.cause() != BREAKER_OPEN) {
                meters.redisFailure(script.name);
            }
        });
    }

    /**
     * A call off the request path (a sync): bounded by the timeout but not held back by an open breaker, which
     * only keeps requests from waiting on Redis, and not feeding it.
     */
    Future<Response> callPastBreaker(LuaScript script, List<String> args) {
        Future<Response> f;
        try {
            f = script.run(redis, args).timeout(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            f = Future.failedFuture(e);
        }
        return f.andThen(ar -> {
            if (ar.failed()) {
                meters.redisFailure(script.name);
            }
        });
    }

    Future<Void> close() {
        return redis.close();
    }
}
