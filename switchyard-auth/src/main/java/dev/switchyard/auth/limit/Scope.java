package dev.switchyard.auth.limit;

import dev.switchyard.auth.Principal;
import dev.switchyard.auth.Quota;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One set of limits a request is checked against: the key's ({@code key:<id>}) or its tenant's
 * ({@code tenant:<id>}). The key's scope always comes first, which also fixes the local lock order.
 */
record Scope(String name, String label, Quota quota) {

    static List<Scope> of(Principal who) {
        List<Scope> scopes = new ArrayList<>(2);
        if (!who.keyQuota().unlimited()) {
            scopes.add(new Scope("key:" + who.keyId(), "key " + who.keyId(), who.keyQuota()));
        }
        if (!who.tenantQuota().unlimited()) {
            scopes.add(new Scope("tenant:" + who.tenantId(), "tenant " + who.tenantId(), who.tenantQuota()));
        }
        return scopes;
    }

    boolean hasRates() {
        return quota.requestsPerMinute() > 0 || quota.tokensPerMinute() > 0 || quota.maxConcurrent() > 0;
    }

    boolean hasBudgets() {
        return quota.dailyBudgetMicros() > 0 || quota.monthlyBudgetMicros() > 0;
    }

    /** This scope with the rate limits and/or the budgets dropped (a control that fails open). */
    Scope keeping(boolean rates, boolean budgets) {
        Quota q = quota;
        return new Scope(name, label, new Quota(rates ? q.requestsPerMinute() : 0, rates ? q.tokensPerMinute() : 0,
                rates ? q.maxConcurrent() : 0, budgets ? q.dailyBudgetMicros() : 0,
                budgets ? q.monthlyBudgetMicros() : 0));
    }

    static List<Scope> keeping(List<Scope> scopes, boolean rates, boolean budgets) {
        return scopes.stream().map(s -> s.keeping(rates, budgets)).filter(s -> !s.quota.unlimited()).toList();
    }

    /** {@code limit} is rpm, tpm or concurrent, as the scripts name them. */
    RateLimitedException rateLimited(String limit, Duration retryAfter, Map<String, String> headers) {
        String what = switch (limit) {
            case "rpm" -> "requests per minute (" + quota.requestsPerMinute() + ")";
            case "tpm" -> "input tokens per minute (" + quota.tokensPerMinute() + ")";
            default -> "concurrent requests (" + quota.maxConcurrent() + ")";
        };
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return new RateLimitedException("Rate limit of " + what + " reached for " + label + "; retry in " + seconds
                + " s", retryAfter, headers);
    }

    /** {@code period} is daily or monthly. */
    ApiException budgetExhausted(String period) {
        return new ApiException(ErrorType.BILLING, "The " + period + " spend budget of " + label + " is exhausted");
    }
}
