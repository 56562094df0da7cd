package dev.switchyard.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoopTimeoutsTest {
    private Vertx vertx;
    private Context context;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        context = vertx.getOrCreateContext();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void start_onAnEventLoop_runsOnTheStartingContextNoSoonerThanItsDelay() throws Exception {
        CompletableFuture<Long> firedAfter = new CompletableFuture<>();
        AtomicReference<Context> firedOn = new AtomicReference<>();
        long started = onLoop(() -> {
            long t0 = System.nanoTime();
            LoopTimeouts.start(vertx, 60, () -> {
                firedOn.set(Vertx.currentContext());
                firedAfter.complete(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            });
            return t0;
        });

        assertThat(started).isPositive();
        assertThat(firedAfter.get(5, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(60);
        assertThat(firedOn.get()).isSameAs(context);
    }

    @Test
    void cancel_beforeItIsDue_neverRunsAndLeavesNothingPending() throws Exception {
        AtomicInteger fired = new AtomicInteger();
        LoopTimeouts.Timeout timeout = onLoop(() -> LoopTimeouts.start(vertx, 30, fired::incrementAndGet));
        onLoop(() -> {
            timeout.cancel();
            timeout.cancel(); // idempotent
            return null;
        });

        Thread.sleep(30 + 3 * LoopTimeouts.SWEEP_MILLIS);

        assertThat(fired).hasValue(0);
        assertThat(onLoop(() -> LoopTimeouts.currentLoop().pending())).isZero();
    }

    @Test
    void cancel_fromAnotherThread_isCarriedOutOnTheLoop() throws Exception {
        AtomicInteger fired = new AtomicInteger();
        LoopTimeouts.Timeout timeout = onLoop(() -> LoopTimeouts.start(vertx, 200, fired::incrementAndGet));

        timeout.cancel();

        await().atMost(Duration.ofSeconds(2)).until(() -> onLoop(() -> LoopTimeouts.currentLoop().pending()) == 0);
        Thread.sleep(200 + 3 * LoopTimeouts.SWEEP_MILLIS);
        assertThat(fired).hasValue(0);
    }

    @Test
    void start_aShorterOneAfterALongerOne_eachRunsWhenDueInTheOrderDue() throws Exception {
        List<String> fired = new CopyOnWriteArrayList<>();
        onLoop(() -> {
            LoopTimeouts.start(vertx, 300, () -> fired.add("long"));
            LoopTimeouts.start(vertx, 40, () -> fired.add("short"));
            return null;
        });

        await().atMost(Duration.ofSeconds(2)).until(() -> fired.size() == 1);
        assertThat(fired).containsExactly("short");
        await().atMost(Duration.ofSeconds(2)).until(() -> fired.size() == 2);
        assertThat(fired).containsExactly("short", "long");
        assertThat(onLoop(() -> LoopTimeouts.currentLoop().pending())).isZero();
    }

    @Test
    void start_manyWithOneDuration_cancelledOnesSkippedTheRestRunOnce() throws Exception {
        AtomicInteger fired = new AtomicInteger();
        onLoop(() -> {
            for (int i = 0; i < 1_000; i++) {
                LoopTimeouts.Timeout t = LoopTimeouts.start(vertx, 20, fired::incrementAndGet);
                if (i % 2 == 0) {
                    t.cancel();
                }
            }
            return null;
        });

        await().atMost(Duration.ofSeconds(2)).until(() -> fired.get() == 500);
        Thread.sleep(3 * LoopTimeouts.SWEEP_MILLIS);
        assertThat(fired).hasValue(500);
    }

    @Test
    void start_offTheEventLoops_isAPlainTimerThatCanBeCancelled() throws Exception {
        CompletableFuture<Boolean> fired = new CompletableFuture<>();
        AtomicInteger cancelledRan = new AtomicInteger();

        LoopTimeouts.start(vertx, 20, () -> fired.complete(true));
        LoopTimeouts.start(vertx, 20, cancelledRan::incrementAndGet).cancel();

        assertThat(fired.get(5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(60);
        assertThat(cancelledRan).hasValue(0);
        assertThat(LoopTimeouts.currentLoop()).isNull();
    }

    private <T> T onLoop(Supplier<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                result.complete(work.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(5, TimeUnit.SECONDS);
    }
}
