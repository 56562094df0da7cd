package dev.switchyard.auth.limit;

import static dev.switchyard.auth.limit.LimitTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.auth.Quota;
import dev.switchyard.core.pricing.PriceTable;
import dev.switchyard.testkit.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The local fallback of a scope set Redis has been deciding starts from what Redis last reported (a share of
 * what was left), on a clock the test moves. Redis's clock is a different one: only how far ahead the shared
 * arrival time was matters.
 */
class FallbackFloorTest {
    private static final Vertx VERTX = Vertx.vertx();
    private static final long REDIS_NOW = 1_700_000_000_000_000L;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-10T12:00:00Z"));
    /** The fallback of one of 4 replicas: 60 per minute is 15 per minute here, one each 4 s. */
    private final LocalLimiter local = new LocalLimiter(VERTX, PriceTable.defaultTable(), SpendSource.NONE, clock, 4,
            RedisAdmissionControl.DEFAULT_LEASE_TTL, new Meters(new SimpleMeterRegistry()));
    private final List<Scope> key = List.of(new Scope("key:k", "key k", new Quota(60, 0, 0, 0, 0)));
    private final FallbackFloor floor = new FallbackFloor(1);

    @AfterAll
    static void close() {
        VERTX.close();
    }

    private double localNow() {
        return LocalLimiter.micros(clock.instant());
    }

    /** Redis said: {@code left} of the 60 requests of the minute left (one each second). */
    private boolean report(long redisNow, long left) {
        return floor.reported(redisNow, localNow(), new long[] {redisNow + (60 - left) * 1_000_000L}, new long[] {0});
    }

    private int admitUntilRefused() {
        floor.applyTo(local, key);
        int n = 0;
        while (n < 100) {
            Future<?> f = local.admit(key, request(1, 1), 1);
            if (f.failed()) {
                assertThat(f.cause()).isInstanceOf(RateLimitedException.class);
                return n;
            }
            n++;
        }
        return n;
    }

    @Test
    void fallback_redisReportedTwelveLeft_admitsAQuarterOfThemNotAFreshShare() {
        report(REDIS_NOW, 12);

        assertThat(admitUntilRefused()).isEqualTo(3); // 12 / 4 replicas; a fresh bucket gave 15
        clock.advance(Duration.ofSeconds(4)); // this replica's quarter of the refill: one each 4 s
        assertThat(admitUntilRefused()).isEqualTo(1);
    }

    @Test
    void fallback_keyAtItsLimitInRedis_refusedUntilItsShareRefills() {
        report(REDIS_NOW, 0);

        assertThat(admitUntilRefused()).isZero();
        clock.advance(Duration.ofSeconds(3));
        assertThat(admitUntilRefused()).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(admitUntilRefused()).isEqualTo(1);
    }

    @Test
    void fallback_reportOlderThanTheWindow_wholeShare() {
        report(REDIS_NOW, 0);
        clock.advance(Duration.ofMinutes(1));

        assertThat(admitUntilRefused()).isEqualTo(15);
    }

    @Test
    void fallback_noReport_wholeShare() {
        assertThat(admitUntilRefused()).isEqualTo(15);
    }

    @Test
    void reported_olderReplyArrivingAfterANewerOne_ignored() {
        assertThat(report(REDIS_NOW, 0)).isTrue();
        assertThat(report(REDIS_NOW - 1_000_000, 40)).isFalse(); // a late reply: Redis decided it earlier

        assertThat(admitUntilRefused()).isZero();
    }

    @Test
    void fallback_tokensPerMinute_startsFromTheReportedTokensLeft() {
        List<Scope> tokens = List.of(new Scope("key:t", "key t", new Quota(0, 6_000, 0, 0, 0)));
        // 1,200 of 6,000 tokens left (one token each 10 ms): this replica's quarter is 300.
        floor.reported(REDIS_NOW, localNow(), new long[] {0}, new long[] {REDIS_NOW + 48_000_000L});
        floor.applyTo(local, tokens);

        assertThat(local.admit(tokens, request(300, 1), 1).succeeded()).isTrue();
        assertThat(local.admit(tokens, request(10, 1), 1).failed()).isTrue();
    }
}
