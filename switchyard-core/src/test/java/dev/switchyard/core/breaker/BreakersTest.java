package dev.switchyard.core.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.config.BreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BreakersTest {
    private static final BreakerConfig FIVE = new BreakerConfig(5, Duration.ofSeconds(5), 1);
    private static final RuntimeException TIMEOUT = new RuntimeException("timeout");

    private static void fail(CircuitBreaker b, int n) {
        for (int i = 0; i < n && b.tryAcquirePermission(); i++) {
            b.onError(50, TimeUnit.MILLISECONDS, TIMEOUT);
        }
    }

    private static void succeed(CircuitBreaker b, int n) {
        for (int i = 0; i < n && b.tryAcquirePermission(); i++) {
            b.onSuccess(1, TimeUnit.MILLISECONDS);
        }
    }

    @Test
    void consecutiveFailures_fiveInARow_opens_fourDoNot() {
        CircuitBreaker b = CircuitBreaker.of("d", Breakers.consecutiveFailures(FIVE, Clock.systemUTC()));
        fail(b, 4);
        succeed(b, 1);
        fail(b, 4);
        assertThat(b.getState()).isEqualTo(CircuitBreaker.State.CLOSED);

        fail(b, 1);

        assertThat(b.getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void sharedStore_burstOfTimeoutsAmongManySuccesses_staysClosed() {
        // A replica's stall: every call in flight times out at once, between thousands that succeed.
        CircuitBreaker b = CircuitBreaker.of("redis", Breakers.sharedStore(FIVE, Clock.systemUTC()));
        succeed(b, 2_000);

        fail(b, 64);

        assertThat(b.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void sharedStore_deadStore_opensAfterThresholdCalls() {
        CircuitBreaker b = CircuitBreaker.of("redis", Breakers.sharedStore(FIVE, Clock.systemUTC()));

        fail(b, 4);
        assertThat(b.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        fail(b, 1);

        assertThat(b.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(b.tryAcquirePermission()).isFalse();
    }

    @Test
    void sharedStore_firstCallSlowSecondFine_staysClosed() {
        // Regression: with "half failed" a connecting first call and one success opened it at once.
        CircuitBreaker b = CircuitBreaker.of("redis", Breakers.sharedStore(new BreakerConfig(2, Duration.ofSeconds(1), 1),
                Clock.systemUTC()));

        fail(b, 1);
        succeed(b, 1);

        assertThat(b.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void sharedStore_mostCallsFailing_opensEvenAfterSuccesses() {
        CircuitBreaker b = CircuitBreaker.of("redis", Breakers.sharedStore(FIVE, Clock.systemUTC()));
        succeed(b, 100);

        fail(b, 151);

        assertThat(b.getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void call_openBreaker_failsWithTheRefusalWithoutCalling_timeoutIsAFailure() throws Exception {
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try {
            CircuitBreaker b = CircuitBreaker.of("redis", Breakers.sharedStore(FIVE, Clock.systemUTC()));
            RuntimeException refused = new IllegalStateException("open");
            java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

            Throwable late = Breakers.call(b, 20, () -> {
                calls.incrementAndGet();
                return io.vertx.core.Promise.<String>promise().future();
            }, refused).toCompletionStage().toCompletableFuture().handle((v, e) -> e).get(5, TimeUnit.SECONDS);
            assertThat(late).isInstanceOf(java.util.concurrent.TimeoutException.class);
            assertThat(b.getMetrics().getNumberOfFailedCalls()).isEqualTo(1);

            b.transitionToOpenState();
            Throwable e = Breakers.call(b, 20, () -> {
                calls.incrementAndGet();
                return io.vertx.core.Future.succeededFuture("x");
            }, refused).cause();

            assertThat(e).isSameAs(refused);
            assertThat(calls).hasValue(1);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }
}
