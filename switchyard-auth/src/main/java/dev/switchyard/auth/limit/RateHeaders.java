package dev.switchyard.auth.limit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Anthropic's {@code anthropic-ratelimit-*} headers. They describe the key's own limits, or its tenant's
 * where the key has none; a pair is left out when neither has that limit.
 */
final class RateHeaders {
    static final String PREFIX = "anthropic-ratelimit-";

    /** The state of one limit after a decision: how much is left and when it is full again. */
    record Bucket(double limit, long remaining, Instant reset) {}

    private RateHeaders() {}

    /** Index of the scope whose requests (or tokens) limit the headers show, or -1. */
    static int shownScope(List<Scope> scopes, boolean tokens) {
        for (int i = 0; i < scopes.size(); i++) {
            var q = scopes.get(i).quota();
            if ((tokens ? q.tokensPerMinute() : q.requestsPerMinute()) > 0) {
                return i;
            }
        }
        return -1;
    }

    static Map<String, String> of(Bucket requests, Bucket tokens) {
        Map<String, String> h = new LinkedHashMap<>();
        put(h, "requests", requests);
        put(h, "tokens", tokens);
        return Map.copyOf(h);
    }

    private static void put(Map<String, String> h, String kind, Bucket b) {
        if (b == null || b.limit() <= 0) {
            return;
        }
        h.put(PREFIX + kind + "-limit", Long.toString((long) Math.floor(b.limit())));
        h.put(PREFIX + kind + "-remaining", Long.toString(Math.max(0, b.remaining())));
        // Rounded up to the second: a client waiting until the reset must find the bucket full.
        Instant reset = b.reset().truncatedTo(ChronoUnit.SECONDS);
        long second = reset.isBefore(b.reset()) ? reset.getEpochSecond() + 1 : reset.getEpochSecond();
        h.put(PREFIX + kind + "-reset", text(second));
    }

    /** One second formatted once: consecutive responses mostly show the same few seconds. */
    private record Formatted(long second, String text) {}

    private static volatile Formatted last = new Formatted(Long.MIN_VALUE, "");

    private static String text(long second) {
        Formatted f = last;
        if (f.second() != second) {
            f = new Formatted(second, Instant.ofEpochSecond(second).toString());
            last = f;
        }
        return f.text();
    }
}
