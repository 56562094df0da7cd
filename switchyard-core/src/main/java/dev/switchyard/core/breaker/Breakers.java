package dev.switchyard.core.breaker;

import dev.switchyard.core.config.BreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The two breaker shapes of the system, built from one {@link BreakerConfig}.
 *
 * <p>An upstream deployment opens after {@code failureThreshold} consecutive failures: each call is a
 * whole request, and five in a row failing says the deployment is down.
 *
 * <p>A shared store that every request calls (Redis for limits, each cache node) cannot use that rule:
 * when a replica's event loops stall (a GC pause, a CPU-saturated machine), every call in flight
 * passes its short timeout at once, dozens of "consecutive" failures from one hiccup, and the breaker
 * would switch a healthy Redis off for {@code openDuration}. So it opens when more than half (60%) of
 * the calls of the last {@value #STORE_WINDOW_SECONDS} seconds failed, once at least
 * {@code failureThreshold} calls were made: a dead store (every call failing) still opens it after
 * {@code failureThreshold} calls, and one slow first call (connecting) among two does not.
 */
public final class Breakers {
    public static final int STORE_WINDOW_SECONDS = 5;

    private Breakers() {}

    public static CircuitBreakerConfig consecutiveFailures(BreakerConfig c, Clock clock) {
        int n = Math.max(1, c.failureThreshold());
        return common(c, clock)
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(n)
                .minimumNumberOfCalls(n)
                .failureRateThreshold(100f)
                .build();
    }

    public static CircuitBreakerConfig sharedStore(BreakerConfig c, Clock clock) {
        return common(c, clock)
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
                .slidingWindowSize(STORE_WINDOW_SECONDS)
                .minimumNumberOfCalls(Math.max(1, c.failureThreshold()))
                .failureRateThreshold(60f)
                .build();
    }

    /**
     * Runs {@code op} under {@code breaker}: while it refuses, fails at once with {@code refused}; otherwise
     * bounds the call by {@code timeoutMillis} and records its outcome and duration. Never throws.
     */
    public static <T> Future<T> call(CircuitBreaker breaker, long timeoutMillis, Supplier<Future<T>> op,
            RuntimeException refused) {
        if (!breaker.tryAcquirePermission()) {
            return Future.failedFuture(refused);
        }
        long start = System.nanoTime();
        Future<T> f;
        try {
            f = op.get().timeout(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            f = Future.failedFuture(e);
        }
        return f.andThen(ar -> {
            long took = System.nanoTime() - start;
            if (ar.succeeded()) {
                breaker.onSuccess(took, TimeUnit.NANOSECONDS);
            } else {
                breaker.onError(took, TimeUnit.NANOSECONDS, ar.cause());
            }
        });
    }

    private static CircuitBreakerConfig.Builder common(BreakerConfig c, Clock clock) {
        return CircuitBreakerConfig.custom()
                .waitDurationInOpenState(c.openDuration())
                .permittedNumberOfCallsInHalfOpenState(Math.max(1, c.halfOpenCalls()))
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .writableStackTraceEnabled(false)
                .clock(clock);
    }
}
