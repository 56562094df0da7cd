package dev.switchyard.auth.limit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One grant call for an allowance: its waiters (possibly none), the credit asked for ({@code units} requests of
 * {@code unitTokens} and {@code unitMicros} each) and how many times its budget counters were seeded for it.
 */
record GrantCall(Allowance allowance, List<Waiter> waiters, String id, int units, long unitTokens,
        long unitMicros, int attempt) {

    /** The same call, sent again after its missing counters were seeded. */
    GrantCall retried() {
        return new GrantCall(allowance, waiters, id, units, unitTokens, unitMicros, attempt + 1);
    }

    /** grant.lua's arguments, in the order documented at the top of the script. */
    List<String> args(String prefix, Duration leaseTtl, double fraction) {
        List<Scope> scopes = allowance.scopes();
        List<String> args = new ArrayList<>(9 + 6 * scopes.size() + 2 * waiters.size());
        args.addAll(List.of(prefix, id, Long.toString(leaseTtl.toNanos() / 1000), Double.toString(fraction),
                Integer.toString(units), Long.toString(unitTokens), Long.toString(unitMicros),
                Integer.toString(scopes.size()), Integer.toString(waiters.size())));
        for (Scope s : scopes) {
            var q = s.quota();
            args.add(s.name());
            args.add(Long.toString(q.requestsPerMinute()));
            args.add(Long.toString(q.tokensPerMinute()));
            args.add(Integer.toString(q.maxConcurrent()));
            args.add(Long.toString(q.dailyBudgetMicros()));
            args.add(Long.toString(q.monthlyBudgetMicros()));
        }
        for (Waiter w : waiters) {
            args.add(Long.toString(w.estimatedTokens()));
            args.add(Long.toString(w.worst()));
        }
        return args;
    }
}
