package dev.switchyard.upstream.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryPolicyTest {
    @ParameterizedTest
    @ValueSource(ints = {401, 408, 429, 500, 502, 503, 504, 529})
    void retryable_transientOrDeploymentStatuses_areRetried(int status) {
        assertThat(RetryPolicy.retryable(status)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 400, 403, 404, 413, 422})
    void retryable_clientErrorsAndSuccess_areNot(int status) {
        assertThat(RetryPolicy.retryable(status)).isFalse();
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
        "-,     2,                                  2000",
        "1500,  2,                                  1500",
        "-,     0.25,                               250",
        "-,     'Thu, 26 Nov 2026 12:00:03 GMT',    3000",
        "-,     'Thu, 26 Nov 2026 11:59:00 GMT',    0",
        "-,     soon,                               0",
        "-,     -,                                  0",
        "bad,   1,                                  1000",
    })
    void retryAfterMillis_headerForms_areRead(String retryAfterMs, String retryAfter, long expected) {
        MultiMap h = MultiMap.caseInsensitiveMultiMap();
        if (retryAfterMs != null) {
            h.add("retry-after-ms", retryAfterMs);
        }
        if (retryAfter != null) {
            h.add("retry-after", retryAfter);
        }
        long now = Instant.parse("2026-11-26T12:00:00Z").toEpochMilli();

        assertThat(RetryPolicy.retryAfterMillis(h, now)).isEqualTo(expected);
    }
}
