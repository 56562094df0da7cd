package dev.switchyard.auth.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateHeadersTest {
    private static final Instant RESET = Instant.parse("2026-12-01T07:30:00.250Z");

    @Test
    void of_bothLimits_showsAnthropicsSixHeaders() {
        Map<String, String> headers = RateHeaders.of(new RateHeaders.Bucket(100.7, 42, RESET),
                new RateHeaders.Bucket(50_000, -3, RESET));

        assertThat(headers).containsOnly(
                Map.entry("anthropic-ratelimit-requests-limit", "100"),
                Map.entry("anthropic-ratelimit-requests-remaining", "42"),
                Map.entry("anthropic-ratelimit-requests-reset", "2026-12-01T07:30:01Z"),
                Map.entry("anthropic-ratelimit-tokens-limit", "50000"),
                Map.entry("anthropic-ratelimit-tokens-remaining", "0"),
                Map.entry("anthropic-ratelimit-tokens-reset", "2026-12-01T07:30:01Z"));
    }

    @Test
    void of_onlyTokensLimited_leavesTheRequestsPairOut() {
        Map<String, String> headers = RateHeaders.of(new RateHeaders.Bucket(0, 0, RESET),
                new RateHeaders.Bucket(10, 9, Instant.parse("2026-12-01T07:30:00Z")));

        assertThat(headers).containsOnly(
                Map.entry("anthropic-ratelimit-tokens-limit", "10"),
                Map.entry("anthropic-ratelimit-tokens-remaining", "9"),
                Map.entry("anthropic-ratelimit-tokens-reset", "2026-12-01T07:30:00Z"));
    }

    @Test
    void of_onlyRequestsLimited_leavesTheTokensPairOut() {
        Map<String, String> headers = RateHeaders.of(new RateHeaders.Bucket(5, 4, RESET), null);

        assertThat(headers).containsOnlyKeys("anthropic-ratelimit-requests-limit",
                "anthropic-ratelimit-requests-remaining", "anthropic-ratelimit-requests-reset");
    }

    @Test
    void of_noLimit_isEmpty() {
        assertThat(RateHeaders.of(null, null)).isEmpty();
    }

    @Test
    void of_twoResponses_reuseTheSameNameStrings() {
        // the gateway caches an encoded form per name; a name built per response would miss that cache's hash
        var first = RateHeaders.of(new RateHeaders.Bucket(5, 4, RESET), null).keySet();
        var second = RateHeaders.of(new RateHeaders.Bucket(5, 3, RESET), null).keySet();

        for (String name : first) {
            assertThat(second).anySatisfy(other -> assertThat(other).isSameAs(name));
        }
    }
}
