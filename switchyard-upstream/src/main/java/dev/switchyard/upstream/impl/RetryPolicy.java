package dev.switchyard.upstream.impl;

import io.vertx.core.MultiMap;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** Which upstream answers are tried again elsewhere, and how long an upstream asked us to wait. */
final class RetryPolicy {
    private RetryPolicy() {}

    /** 401 too: it means the deployment's own key is bad, which is no fault of the client's. */
    static boolean retryable(int status) {
        return switch (status) {
            case 401, 408, 429, 500, 502, 503, 504, 529 -> true;
            default -> false;
        };
    }

    /** {@code retry-after-ms}, then {@code retry-after} (seconds or an HTTP date), else 0. */
    static long retryAfterMillis(MultiMap headers, long nowMillis) {
        String ms = headers.get("retry-after-ms");
        if (ms != null) {
            try {
                return Math.max(0, (long) Double.parseDouble(ms.trim()));
            } catch (NumberFormatException ignored) {
                // fall through to retry-after
            }
        }
        String ra = headers.get("retry-after");
        if (ra == null) {
            return 0;
        }
        try {
            return Math.max(0, (long) (Double.parseDouble(ra.trim()) * 1000));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(ra.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return Math.max(0, at.toEpochMilli() - nowMillis);
            } catch (RuntimeException notADate) {
                return 0;
            }
        }
    }
}
