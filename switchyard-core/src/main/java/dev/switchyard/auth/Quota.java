package dev.switchyard.auth;

/**
 * Limits of a key or a tenant. Zero means "no limit" for every field. Money is in micro-USD
 * (1 USD = 1,000,000) so that counters stay integers, in Redis as in PostgreSQL.
 */
public record Quota(
        long requestsPerMinute,
        long tokensPerMinute,
        int maxConcurrent,
        long dailyBudgetMicros,
        long monthlyBudgetMicros) {

    public static final Quota UNLIMITED = new Quota(0, 0, 0, 0, 0);

    public Quota {
        if (requestsPerMinute < 0 || tokensPerMinute < 0 || maxConcurrent < 0 || dailyBudgetMicros < 0
                || monthlyBudgetMicros < 0) {
            throw new IllegalArgumentException("quota values must be >= 0 (0 = unlimited)");
        }
    }

    public boolean unlimited() {
        return equals(UNLIMITED);
    }
}
