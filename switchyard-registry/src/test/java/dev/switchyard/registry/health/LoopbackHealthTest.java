package dev.switchyard.registry.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchyard.registry.Instance;
import dev.switchyard.testkit.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The checker against real HTTP servers on loopback that answer, fail (503) or hang. Time is still the
 * fake clock's: only the HTTP exchange is real, so the tests wait for an answer, never for an interval.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class LoopbackHealthTest {
    enum Mode { OK, FAIL, HANG }

    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final MutableClock clock = new MutableClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicReference<Mode> modeA = new AtomicReference<>(Mode.OK);
    private final AtomicReference<Mode> modeB = new AtomicReference<>(Mode.OK);
    private Vertx vertx;
    private InstanceSet set;
    private Instance a;
    private Instance b;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        a = instance("a", server(modeA));
        b = instance("b", server(modeB));
        set = new InstanceSet("claude", new FixedRegistry(List.of(a, b)),
                new HttpHealthProbe(vertx, vertx.createHttpClient(), "/health"),
                HealthSettings.defaults().withJitter(0),
                new HealthRuntime(clock, scheduler, new Random(3), meters), RecoveryAction.NONE,
                new RecoveryBackoff(Duration.ofMinutes(5), Duration.ofHours(1), clock));
        set.start();
        runAndAwait(Duration.ZERO, 2);
    }

    @AfterEach
    void stop() throws Exception {
        set.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void loopback_answering200_healthyWithOkDetail() {
        assertThat(view("a").health()).isEqualTo(HealthState.HEALTHY);
        assertThat(view("a").lastCheck().detail()).isEqualTo("ok");
        assertThat(set.inRotation()).containsExactly(a, b);
    }

    @Test
    void loopback_serverSwitchedTo503_unhealthyAfterThreeChecksAndBackAfterTwo() {
        modeA.set(Mode.FAIL);
        for (int i = 0; i < 3; i++) {
            runAndAwait(INTERVAL, 2);
        }
        assertThat(view("a").health()).isEqualTo(HealthState.UNHEALTHY);
        assertThat(view("a").lastCheck().detail()).isEqualTo("status 503");
        assertThat(set.inRotation()).containsExactly(b);

        modeA.set(Mode.OK);
        runAndAwait(INTERVAL, 2);
        runAndAwait(INTERVAL, 2);

        assertThat(view("a").health()).isEqualTo(HealthState.HEALTHY);
    }

    @Test
    void loopback_serverHangs_timeoutOnTheFakeClockCountsAsFailure() {
        modeA.set(Mode.HANG);
        runAndAwait(INTERVAL, 1); // b answers; a's request is open
        scheduler.advance(TIMEOUT);

        assertThat(view("a").lastCheck().detail()).isEqualTo("timeout");
        assertThat(view("a").consecutiveFailures()).isEqualTo(1);
        assertThat(meters.counter(RegistryMetrics.HEALTH_CHECKS, RegistryMetrics.TAG_ROLE, "claude",
                RegistryMetrics.TAG_OUTCOME, RegistryMetrics.OUTCOME_TIMEOUT).count()).isEqualTo(1);
    }

    @Test
    void loopback_bothServersFail_panicModeKeepsBothInRotation() {
        modeA.set(Mode.FAIL);
        modeB.set(Mode.FAIL);
        for (int i = 0; i < 3; i++) {
            runAndAwait(INTERVAL, 2);
        }

        assertThat(set.panic()).isTrue();
        assertThat(set.inRotation()).containsExactly(a, b);
    }

    @Test
    void loopback_nothingListening_connectionFailureIsAFailedCheck() throws Exception {
        URI closed = URI.create("http://127.0.0.1:" + freePort());
        Instance gone = instance("c", closed);
        InstanceSet lone = new InstanceSet("auth", new FixedRegistry(List.of(gone)),
                new HttpHealthProbe(vertx, vertx.createHttpClient(), "/health"), HealthSettings.defaults().withJitter(0),
                new HealthRuntime(clock, scheduler, new Random(3), meters), RecoveryAction.NONE,
                new RecoveryBackoff(Duration.ofMinutes(5), Duration.ofHours(1), clock));
        try {
            lone.start();
            scheduler.runDue();
            await().atMost(Duration.ofSeconds(5)).until(() -> lone.views().get(0).lastCheck() != null);

            assertThat(lone.views().get(0).lastCheck().healthy()).isFalse();
            assertThat(lone.views().get(0).lastCheck().detail()).startsWith("failed: ");
        } finally {
            lone.close();
        }
    }

    /** Moves the clock, then waits (bounded) until {@code answers} more checks of role claude have ended. */
    private void runAndAwait(Duration by, int answers) {
        double before = checks();
        scheduler.advance(by);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                .until(() -> checks() >= before + answers);
    }

    private double checks() {
        return meters.find(RegistryMetrics.HEALTH_CHECKS).tag(RegistryMetrics.TAG_ROLE, "claude").counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    private InstanceView view(String id) {
        return set.views().stream().filter(v -> v.id().equals(id)).findFirst().orElseThrow();
    }

    private URI server(AtomicReference<Mode> mode) throws Exception {
        HttpServer server = vertx.createHttpServer().requestHandler(request -> {
            switch (mode.get()) {
                case OK -> request.response().end("{\"status\":\"ok\"}");
                case FAIL -> request.response().setStatusCode(503).end();
                case HANG -> { } // never answers
            }
        });
        int port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS)
                .actualPort();
        return URI.create("http://127.0.0.1:" + port);
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Instance instance(String id, URI address) {
        return new Instance("claude", id, address, "1.0.0", "", 1, null, null);
    }
}
