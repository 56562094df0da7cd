package dev.switchyard.auth.limit;

import static dev.switchyard.auth.limit.LimitTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.auth.Quota;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Seeding of missing budget counters, against the shared Redis, on a ticker the test moves. */
class SeedingTest {
    private final Vertx vertx = Vertx.vertx();
    private final Redis admin = Redis.createClient(vertx, SHARED_REDIS);
    private final String prefix = randomPrefix();
    private final Meters meters = new Meters(new SimpleMeterRegistry());
    private final RedisScripts scripts = new RedisScripts(vertx,
            config(SHARED_REDIS, prefix, Duration.ofSeconds(2), 5, Duration.ofSeconds(5)), Clock.systemUTC(), meters);
    private final AtomicInteger asked = new AtomicInteger();
    private final SpendSource source = (scope, day) -> {
        asked.incrementAndGet();
        return new SpendSource.SpendTotals(1_000, 2_000);
    };
    private final AtomicLong nanos = new AtomicLong(System.nanoTime());
    private final Seeding seeding = new Seeding(vertx, scripts, source, meters, prefix, nanos::get);
    private final List<Scope> scopes = List.of(new Scope("key:s", "key s", new Quota(0, 0, 0, 10_000, 0)));
    private final String day = LocalDate.now(ZoneOffset.UTC).toString();
    private final GrantReply.SeedNeeded missing = new GrantReply.SeedNeeded(day, day.substring(0, 7), List.of(0));

    @AfterEach
    void cleanUp() {
        deleteAll(admin, prefix);
        join(scripts.close());
        join(admin.close());
        join(vertx.close());
    }

    @Test
    void seed_againWithinTheDedupeOfTickerTime_sourceAskedOnce() {
        join(seeding.seed(scopes, missing));
        join(seeding.seed(scopes, missing));

        assertThat(asked.get()).isEqualTo(1);
        assertThat(send(admin, Command.HGET, prefix + "spend:key:s:d:" + day, "spent").toLong()).isEqualTo(1_000);
    }

    @Test
    void seed_tickerMovedPastTheDedupe_sourceAskedAgainWithoutRealTimePassing() {
        join(seeding.seed(scopes, missing));
        // Milliseconds of real time later: only the ticker says the seeding is no longer fresh.
        nanos.addAndGet(Seeding.DEDUPE.toNanos());
        join(seeding.seed(scopes, missing));

        assertThat(asked.get()).isEqualTo(2);
    }

    @Test
    void seed_sourceFails_nextSeedAsksAgainAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        Seeding failingFirst = new Seeding(vertx, scripts, (scope, d) -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("database down");
            }
            return new SpendSource.SpendTotals(0, 0);
        }, meters, prefix, nanos::get);

        assertThat(failure(failingFirst.seed(scopes, missing))).hasMessageContaining("database down");
        join(failingFirst.seed(scopes, missing));

        assertThat(calls.get()).isEqualTo(2);
    }
}
