package dev.switchyard.auth.limit;

import static dev.switchyard.auth.limit.LimitTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.auth.Admission;
import dev.switchyard.auth.AdmissionControl;
import dev.switchyard.auth.Principal;
import dev.switchyard.auth.Quota;
import dev.switchyard.auth.TokenUsage;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import dev.switchyard.core.pricing.PriceTable;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The in-process limiter on its own, on a clock the test moves. */
class LocalLimiterTest {
    private static final PriceTable PRICES = PriceTable.defaultTable();
    private final FakeClock clock = new FakeClock(Instant.parse("2026-03-10T23:59:00Z"));
    private final AdmissionControl limiter = LocalLimiter.local(PRICES, clock, new SimpleMeterRegistry());

    @Test
    void requestsPerMinute_clockMoves_refills() {
        Principal p = key("k", rpm(2));
        join(limiter.admit(p, request(1, 1)));
        join(limiter.admit(p, request(1, 1)));
        Throwable refused = failure(limiter.admit(p, request(1, 1)));
        assertThat(refused).isInstanceOf(RateLimitedException.class).hasMessageContaining("requests per minute");
        assertThat(((ApiException) refused).retryAfter()).isEqualTo(Duration.ofSeconds(30));

        clock.advance(Duration.ofSeconds(29));
        assertThat(failure(limiter.admit(p, request(1, 1)))).isInstanceOf(RateLimitedException.class);
        clock.advance(Duration.ofSeconds(1));
        join(limiter.admit(p, request(1, 1)));
    }

    @Test
    void tokensPerMinute_settledAboveEstimate_waitsUntilRefilled() {
        Principal p = key("k", new Quota(0, 600, 0, 0, 0));
        Admission a = join(limiter.admit(p, request(100, 10)));
        a.settle(new TokenUsage(MODEL, 100, 500, 0, 0)); // 600: the whole minute's tokens

        Throwable refused = failure(limiter.admit(p, request(60, 10)));
        assertThat(((ApiException) refused).retryAfter()).isEqualTo(Duration.ofSeconds(6));
        clock.advance(Duration.ofSeconds(6));
        Admission b = join(limiter.admit(p, request(60, 10)));
        assertThat(b.headers()).containsEntry("anthropic-ratelimit-tokens-remaining", "0")
                .containsEntry("anthropic-ratelimit-tokens-reset", "2026-03-11T00:00:06Z");
    }

    @Test
    void concurrency_settleFreesTheSlot_andAnUnsettledLeaseExpires() {
        Principal p = key("k", new Quota(0, 0, 1, 0, 0));
        Admission a = join(limiter.admit(p, request(1, 1)));
        assertThat(failure(limiter.admit(p, request(1, 1)))).hasMessageContaining("concurrent requests (1)");
        a.settle(TokenUsage.none(MODEL));
        join(limiter.admit(p, request(1, 1))); // and this one is never settled

        clock.advance(RedisAdmissionControl.DEFAULT_LEASE_TTL.minusSeconds(1));
        assertThat(failure(limiter.admit(p, request(1, 1)))).isInstanceOf(RateLimitedException.class);
        clock.advance(Duration.ofSeconds(1));
        join(limiter.admit(p, request(1, 1)));
    }

    @Test
    void dailyBudget_spent_refusedUntilTheNextUtcDay() {
        long worst = PRICES.worstCaseMicros(MODEL, 1_000, 1_000);
        Principal p = key("k", new Quota(0, 0, 0, 2 * worst, 0));
        join(limiter.admit(p, request(1_000, 1_000))).settle(new TokenUsage(MODEL, 1_000, 1_000, 0, 0));
        join(limiter.admit(p, request(1_000, 1_000)));

        Throwable refused = failure(limiter.admit(p, request(1_000, 1_000)));
        assertThat(refused).isInstanceOf(ApiException.class).hasMessageContaining("daily spend budget of key k");
        assertThat(((ApiException) refused).type()).isEqualTo(ErrorType.BILLING);
        clock.advance(Duration.ofMinutes(1)); // 00:00 UTC
        join(limiter.admit(p, request(1_000, 1_000)));
    }

    @Test
    void replicas_eachLimitDividedByTheirCount() {
        var quarter = new LocalLimiter(PRICES, clock, 4, Duration.ofMinutes(1), new Meters(new SimpleMeterRegistry()));
        Principal p = key("k", rpm(8));
        join(quarter.admit(p, request(1, 1)));
        Admission second = join(quarter.admit(p, request(1, 1)));
        assertThat(failure(quarter.admit(p, request(1, 1)))).isInstanceOf(RateLimitedException.class);
        assertThat(second.headers()).containsEntry("anthropic-ratelimit-requests-limit", "2")
                .containsEntry("anthropic-ratelimit-requests-remaining", "0");
    }

    @Test
    void unlimitedPrincipal_admittedWithoutHeaders() {
        Admission a = join(limiter.admit(Principal.staticKey("static"), request(1, 1)));
        assertThat(a).isSameAs(Admission.UNLIMITED);
    }

    static final class FakeClock extends Clock {
        private volatile Instant now;

        FakeClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
