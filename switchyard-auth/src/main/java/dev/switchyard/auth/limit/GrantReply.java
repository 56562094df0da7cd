package dev.switchyard.auth.limit;

import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * grant.lua's reply, decoded in one place (its order is documented at the top of the script): either a
 * decision on the batch, or the budget counters to seed before it can be decided. A reply of another shape
 * fails {@link #decode} with a {@link MalformedReplyException}.
 */
sealed interface GrantReply {
    String SCRIPT = "grant.lua";
    /** Fields before the per-scope ones in a decision. */
    int HEAD = 9;
    /** Fields per scope in a decision. */
    int PER_SCOPE = 6;

    /** What grant.lua decided for the whole batch; a refusal names the first request's reason. */
    enum Status { RATE_LIMITED, ADMITTED, BUDGET_EXHAUSTED }

    /**
     * A decision. {@code admitted}: the batch's first requests admitted (the rest refused for {@code failedScope}'s
     * {@code failedLimit}, 0-based, with {@code retryMicros} for a rate limit); {@code unitsGranted}: credit for that
     * many more requests; {@code redisNowMicros}: Redis's TIME when it decided; {@code scopes}: the shared state
     * left, in the order of the scope set.
     */
    record Decided(Status status, String day, String month, int admitted, long unitsGranted, long retryMicros,
            int failedScope, String failedLimit, long redisNowMicros, List<ScopeReport> scopes) implements GrantReply {}

    /** Nothing decided: the budget counters of these scopes (0-based) are missing for {@code day} and its month. */
    record SeedNeeded(String day, String month, List<Integer> missingScopes) implements GrantReply {}

    /**
     * One scope's shared state after the grant: per rate, what is left and its theoretical arrival time (Redis
     * microseconds; remaining -1 for a rate the scope does not have), and the day's and month's spend and
     * reservations (-1 for a budget it does not have).
     */
    record ScopeReport(long rpmRemaining, long rpmResetMicros, long tpmRemaining, long tpmResetMicros, long dayUsed,
            long monthUsed) {}

    /** The reply of a grant asked for a scope set of {@code scopeCount} scopes. */
    static GrantReply decode(Response r, int scopeCount) {
        ReplyReader f = ReplyReader.table(SCRIPT, r, 1);
        int status = f.smallNumber(0, "status");
        return switch (status) {
            case 3 -> seedNeeded(f, scopeCount);
            case 0, 1, 2 -> decided(f, Status.values()[status], scopeCount);
            default -> throw f.malformed("unknown status " + status);
        };
    }

    private static SeedNeeded seedNeeded(ReplyReader f, int scopeCount) {
        if (f.size() < 4) {
            throw f.malformed("a seed request names no scope");
        }
        List<Integer> missing = new ArrayList<>(f.size() - 3);
        for (int i = 3; i < f.size(); i++) {
            missing.add(scopeIndex(f, i, "missing scope index", scopeCount));
        }
        return new SeedNeeded(f.text(1, "day"), f.text(2, "month"), List.copyOf(missing));
    }

    private static Decided decided(ReplyReader f, Status status, int scopeCount) {
        int expected = HEAD + PER_SCOPE * scopeCount;
        if (f.size() != expected) {
            throw f.malformed("expected " + expected + " fields for " + scopeCount + " scope(s), got " + f.size()
                    + " fields");
        }
        List<ScopeReport> scopes = new ArrayList<>(scopeCount);
        for (int i = 0; i < scopeCount; i++) {
            int b = HEAD + PER_SCOPE * i;
            scopes.add(new ScopeReport(f.number(b, "rpmRemaining"), f.number(b + 1, "rpmReset"),
                    f.number(b + 2, "tpmRemaining"), f.number(b + 3, "tpmReset"), f.number(b + 4, "dayUsed"),
                    f.number(b + 5, "monthUsed")));
        }
        int failed = status == Status.ADMITTED ? -1 : scopeIndex(f, 6, "failedScopeIndex", scopeCount);
        int admitted = f.smallNumber(3, "admitted");
        if (admitted < 0) {
            throw f.malformed("admitted is negative: " + admitted);
        }
        return new Decided(status, f.text(1, "day"), f.text(2, "month"), admitted, f.number(4, "unitsGranted"),
                f.number(5, "retryMicros"), failed, f.text(7, "failedLimit"), f.number(8, "now"),
                List.copyOf(scopes));
    }

    /** A 1-based scope index of the script, checked and made 0-based. */
    private static int scopeIndex(ReplyReader f, int field, String name, int scopeCount) {
        int i = f.smallNumber(field, name);
        if (i < 1 || i > scopeCount) {
            throw f.malformed(name + " " + i + " is not one of the " + scopeCount + " scope(s)");
        }
        return i - 1;
    }
}
