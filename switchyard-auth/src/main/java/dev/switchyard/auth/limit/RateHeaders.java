package dev.switchyard.auth.limit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * Anthropic's {@code anthropic-ratelimit-*} headers. They describe the key's own limits, or its tenant's
 * where the key has none; a pair is left out when neither has that limit.
 */
final class RateHeaders {
    static final String PREFIX = "anthropic-ratelimit-";
    // Constants, not built per response: a name built anew is a new string whose hash the gateway's header-name
    // cache must compute again (BENCHMARKS.md, issue 15's sixteenth pass).
    private static final Names REQUESTS = new Names("requests");
    private static final Names TOKENS = new Names("tokens");

    /** The three header names of one kind of limit. */
    private record Names(String limit, String remaining, String reset) {
        Names(String kind) {
            this(PREFIX + kind + "-limit", PREFIX + kind + "-remaining", PREFIX + kind + "-reset");
        }
    }

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
        boolean r = shown(requests);
        boolean t = shown(tokens);
        if (r && t) {
            return Map.of(REQUESTS.limit, limit(requests), REQUESTS.remaining, remaining(requests),
                    REQUESTS.reset, reset(requests),
                    TOKENS.limit, limit(tokens), TOKENS.remaining, remaining(tokens), TOKENS.reset, reset(tokens));
        }
        if (r) {
            return ofKind(REQUESTS, requests);
        }
        return t ? ofKind(TOKENS, tokens) : Map.of();
    }

    /** One kind's three headers. */
    private static Map<String, String> ofKind(Names names, Bucket b) {
        return Map.of(names.limit, limit(b), names.remaining, remaining(b), names.reset, reset(b));
    }

    private static boolean shown(Bucket b) {
        return b != null && b.limit() > 0;
    }

    private static String limit(Bucket b) {
        return Long.toString((long) Math.floor(b.limit()));
    }

    private static String remaining(Bucket b) {
        return Long.toString(Math.max(0, b.remaining()));
    }

    private static String reset(Bucket b) {
        // Rounded up to the second: a client waiting until the reset must find the bucket full.
        Instant reset = b.reset().truncatedTo(ChronoUnit.SECONDS);
        return text(reset.isBefore(b.reset()) ? reset.getEpochSecond() + 1 : reset.getEpochSecond());
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
