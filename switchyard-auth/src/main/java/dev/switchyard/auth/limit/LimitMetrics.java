package dev.switchyard.auth.limit;

/** Names and tags of the meters of admission control, in one place so dashboards and code agree. */
public final class LimitMetrics {

    /** Decisions taken without the shared Redis. Tags: {@link #CONTROL}, {@link #MODE}. */
    public static final String FALLBACK = "switchyard.limits.fallback";
    /** Requests refused. Tag {@link #REASON}: rate_limit, billing. */
    public static final String REJECTED = "switchyard.limits.rejected";
    /** Redis calls that failed or timed out (of grants: the breaker's failures; syncs do not feed it). Tag {@link #SCRIPT}. */
    public static final String REDIS_FAILURES = "switchyard.limits.redis.failures";
    /**
     * Settlements that could not reach Redis (one that threw, a sync batch Redis refused with an error, or one
     * scope of a batch Redis could not apply, the others being applied): their reservations stay until the
     * counters expire.
     */
    public static final String SETTLE_FAILURES = "switchyard.limits.settle.failures";
    /**
     * Grant calls to Redis. Each decides the requests of one scope set waiting at that moment and, for a busy
     * one, grants credit spent locally: compared with the requests admitted, it shows how many were
     * decided in memory.
     */
    public static final String GRANTS = "switchyard.limits.grants";
    /**
     * A budgeted scope's spend and reservations over its budget (1 = spent), seen at each admission it takes
     * part in (a summary: its {@code _max} is the fullest budget of the last minutes). Tag {@link #PERIOD}.
     * No scope label: scopes are keys and tenants made at run time, not configuration.
     */
    public static final String BUDGET_USED = "switchyard.limits.budget.used";
    /** Budget counters seeded from the durable ledger. */
    public static final String SEEDS = "switchyard.limits.seeds";

    public static final String CONTROL = "control";
    public static final String CONTROL_RATE_LIMITS = "rate_limits";
    public static final String CONTROL_BUDGETS = "budgets";
    public static final String MODE = "mode";
    public static final String MODE_LOCAL = "local";
    public static final String MODE_OPEN = "open";
    public static final String REASON = "reason";
    public static final String SCRIPT = "script";
    public static final String PERIOD = "period";
    public static final String PERIOD_DAILY = "daily";
    public static final String PERIOD_MONTHLY = "monthly";

    private LimitMetrics() {}
}
