package dev.switchyard.core.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.json.Json;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthChecksTest {
    private final Vertx vertx = Vertx.vertx();
    private final TestClock clock = new TestClock();
    private final AtomicInteger calls = new AtomicInteger();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void report_everyDependencyUp_okWith200AndTheFullShape() throws Exception {
        HealthReport r = report(checks(DependencyCheck.required("database", ok()),
                DependencyCheck.optional("redis", ok())), 42);

        assertThat(r.status()).isEqualTo(HealthStatus.OK);
        assertThat(r.httpStatus()).isEqualTo(200);
        JsonNode json = Json.mapper().readTree(r.toJson());
        assertThat(json.path("status").asText()).isEqualTo("ok");
        assertThat(json.path("instance").asText()).isEqualTo("gw-1");
        assertThat(json.path("roles")).extracting(JsonNode::asText).containsExactly("gateway", "auth");
        assertThat(json.path("requests").asLong()).isEqualTo(42);
        assertThat(json.path("dependencies").path("database").path("status").asText()).isEqualTo("ok");
        assertThat(json.path("dependencies").path("database").has("latency_ms")).isTrue();
        assertThat(json.path("dependencies").path("redis").has("error")).isFalse();
    }

    @Test
    void report_optionalDependencyDown_degradedWith200AndTheErrorNamed() throws Exception {
        HealthReport r = report(checks(DependencyCheck.required("database", ok()),
                DependencyCheck.optional("redis", failing(new ConnectException("Connection refused")))), 0);

        assertThat(r.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(r.httpStatus()).isEqualTo(200);
        JsonNode redis = Json.mapper().readTree(r.toJson()).path("dependencies").path("redis");
        assertThat(redis.path("status").asText()).isEqualTo("down");
        assertThat(redis.path("error").asText()).isEqualTo("ConnectException: Connection refused");
    }

    @Test
    void report_requiredDependencyDown_downWith503() throws Exception {
        HealthReport r = report(checks(DependencyCheck.required("database", failing(new IllegalStateException("x"))),
                DependencyCheck.optional("redis", ok())), 0);

        assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(r.httpStatus()).isEqualTo(503);
    }

    @Test
    void report_checkNeverAnswers_downAfterTheTimeout() throws Exception {
        HealthChecks checks = new HealthChecks(vertx, clock, Duration.ofMillis(100), Duration.ofSeconds(1), "gw-1",
                List.of(), List.of(DependencySource.of(DependencyCheck.required("database",
                        t -> Promise.<Void>promise().future()))));

        HealthReport r = checks.report(0).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(r.dependencies().get("database").error()).isEqualTo("timeout after 100 ms");
    }

    @Test
    void report_withinTheCachePeriod_checksRunOnceAndRequestsStayCurrent() throws Exception {
        HealthChecks checks = checks(DependencyCheck.required("database", ok()));

        report(checks, 1);
        clock.advance(Duration.ofMillis(999));
        HealthReport second = report(checks, 2);
        assertThat(calls).hasValue(1);
        assertThat(second.requests()).isEqualTo(2);

        clock.advance(Duration.ofMillis(1));
        report(checks, 3);
        assertThat(calls).hasValue(2);
    }

    @Test
    void report_callersWhileARoundRuns_shareIt() throws Exception {
        Promise<Void> slow = Promise.promise();
        HealthChecks checks = checks(DependencyCheck.required("database", t -> {
            calls.incrementAndGet();
            return slow.future();
        }));

        Future<HealthReport> a = checks.report(0);
        Future<HealthReport> b = checks.report(0);
        vertx.runOnContext(v -> slow.complete());

        assertThat(a.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS).status())
                .isEqualTo(HealthStatus.OK);
        assertThat(b.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS).status())
                .isEqualTo(HealthStatus.OK);
        assertThat(calls).hasValue(1);
    }

    @Test
    void report_errorCarryingAUrlWithAPassword_passwordHidden() throws Exception {
        HealthReport r = report(checks(DependencyCheck.optional("redis", failing(new IllegalStateException(
                "cannot connect to redis://user:hunter2@10.0.0.1:6379 (password=hunter2)")))), 0);

        assertThat(r.toJson()).doesNotContain("hunter2").contains("redis://***@10.0.0.1:6379");
    }

    @Test
    void report_probeThrows_countsAsDown() throws Exception {
        HealthReport r = report(checks(DependencyCheck.required("database", t -> {
            throw new IllegalStateException("boom");
        })), 0);

        assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(r.dependencies().get("database").error()).contains("boom");
    }

    @Test
    void report_noDependencies_ok() throws Exception {
        assertThat(report(checks(), 0).status()).isEqualTo(HealthStatus.OK);
    }

    private HealthChecks checks(DependencyCheck... checks) {
        return new HealthChecks(vertx, clock, Duration.ofSeconds(2), Duration.ofSeconds(1), "gw-1",
                List.of("gateway", "auth"), List.of(DependencySource.of(checks)));
    }

    private static HealthReport report(HealthChecks checks, long requests) throws Exception {
        return checks.report(requests).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private DependencyCheck.Probe ok() {
        return t -> {
            calls.incrementAndGet();
            return Future.succeededFuture();
        };
    }

    private static DependencyCheck.Probe failing(Throwable e) {
        return t -> Future.failedFuture(e);
    }

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
