package dev.switchyard.cluster.auth;

import static dev.switchyard.cluster.auth.AuthRoleFixture.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchyard.testkit.MutableClock;
import dev.switchyard.usage.UsageRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RemoteUsageSinkTest {
    private final AuthRoleFixture role = new AuthRoleFixture();

    @AfterEach
    void stop() {
        role.close();
    }

    private static UsageRecord record(int i) {
        return new UsageRecord(Instant.parse("2026-11-29T06:00:00.123456789Z").plusMillis(i), "req_" + i, "key_1",
                "tenant_1", null, "claude-sonnet-4-5", "claude-sonnet-4-5", "primary", i, 2L * i, 0, 0, 7L * i, 120,
                -1, 200, 0, false, false, 0, i % 2 == 0 ? null : "EMAIL:redact");
    }

    @Test
    void record_manyFromSeveralThreads_everyRecordDeliveredOnceInBatches() throws Exception {
        AuthRoleFixture.Served served = role.serve("auth-1");
        RemoteUsageSink sink = new RemoteUsageSink(role.vertx, role.client(),
                new RemoteUsageSink.Settings(10_000, 50, Duration.ofMillis(20), Duration.ofMinutes(1)),
                Clock.systemUTC());
        ExecutorService threads = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            int from = t * 250;
            threads.submit(() -> {
                for (int i = from; i < from + 250; i++) {
                    sink.record(record(i));
                }
            });
        }
        threads.shutdown();
        assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        await().atMost(Duration.ofSeconds(30)).until(() -> served.usage().records.size() >= 1000);

        assertThat(served.usage().records).hasSize(1000)
                .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, 1000)
                        .mapToObj(RemoteUsageSinkTest::record).toList());
        assertThat(sink.delivered()).isEqualTo(1000);
        assertThat(sink.dropped()).isZero();
        assertThat(served.server().requests()).isLessThan(1000);
    }

    @Test
    void record_roleDownForAMoment_recordsKeptAndDeliveredOnceWhenItIsBack() {
        int port = role.freePort();
        RemoteUsageSink sink = new RemoteUsageSink(role.vertx, role.client(List.of(Map.entry("auth-1", port))),
                new RemoteUsageSink.Settings(1_000, 50, Duration.ofMillis(20), Duration.ofMinutes(1)),
                Clock.systemUTC());
        for (int i = 0; i < 120; i++) {
            sink.record(record(i));
        }
        await().atMost(Duration.ofSeconds(30)).until(sink::retrying);

        AuthRoleFixture.Served served = role.serve("auth-1", Clock.systemUTC(), AuthEndpoint.DEFAULT_GRANT_TTL,
                AuthEndpoint.DEFAULT_MAX_GRANTS, port);

        await().atMost(Duration.ofSeconds(30)).until(() -> sink.delivered() == 120);
        assertThat(served.usage().records).hasSize(120).doesNotHaveDuplicates();
        assertThat(sink.dropped()).isZero();
    }

    @Test
    void record_beyondTheBound_droppedAndCountedWithoutBlocking() {
        int port = role.freePort();
        RemoteUsageSink sink = new RemoteUsageSink(role.vertx, role.client(List.of(Map.entry("auth-1", port))),
                new RemoteUsageSink.Settings(10, 10, Duration.ofHours(1), Duration.ofMinutes(1)), Clock.systemUTC());
        for (int i = 0; i < 10; i++) {
            sink.record(record(i));
        }
        await().atMost(Duration.ofSeconds(30)).until(sink::retrying);

        for (int i = 10; i < 25; i++) {
            sink.record(record(i));
        }

        assertThat(sink.queued()).isEqualTo(10);
        assertThat(sink.dropped()).isEqualTo(5);
        AuthRoleFixture.Served served = role.serve("auth-1", Clock.systemUTC(), AuthEndpoint.DEFAULT_GRANT_TTL,
                AuthEndpoint.DEFAULT_MAX_GRANTS, port);
        await(sink.close());
        assertThat(served.usage().records).hasSize(20);
        assertThat(sink.delivered()).isEqualTo(20);
    }

    @Test
    void record_failingLongerThanTheRetryWindow_batchDroppedAndCounted() {
        int port = role.freePort();
        MutableClock clock = new MutableClock();
        RemoteUsageSink sink = new RemoteUsageSink(role.vertx, role.client(List.of(Map.entry("auth-1", port))),
                new RemoteUsageSink.Settings(100, 10, Duration.ofHours(1), Duration.ofMinutes(5)), clock);
        for (int i = 0; i < 10; i++) {
            sink.record(record(i));
        }
        await().atMost(Duration.ofSeconds(30)).until(sink::retrying);

        clock.advance(Duration.ofMinutes(6));
        await(sink.close());

        assertThat(sink.dropped()).isEqualTo(10);
        assertThat(sink.retrying()).isFalse();
    }

    @Test
    void record_batchSentAgainAfterACut_takenOnce() {
        AuthRoleFixture.Served served = role.serve("auth-1");
        RemoteUsageSink sink = new RemoteUsageSink(role.vertx, role.client(), RemoteUsageSink.Settings.defaults(),
                Clock.systemUTC());
        AuthWire.UsageBatch batch = new AuthWire.UsageBatch("batch-1", List.of(AuthWire.Usage.of(record(1))));

        await(role.client().call(AuthWire.RECORD, batch, Void.class, false, ""));
        await(role.client().call(AuthWire.RECORD, batch, Void.class, false, ""));

        assertThat(served.usage().records).containsExactly(record(1));
        await(sink.close());
    }
}
