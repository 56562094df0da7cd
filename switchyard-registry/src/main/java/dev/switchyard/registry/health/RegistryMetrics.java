package dev.switchyard.registry.health;

/** Metric and tag names of the registry's health checking and recovery. Tag values come from configuration. */
public final class RegistryMetrics {
    public static final String HEALTH_CHECKS = "switchyard.registry.health.checks";
    public static final String HEALTH_TRANSITIONS = "switchyard.registry.health.transitions";
    public static final String RECOVERIES = "switchyard.registry.recoveries";
    public static final String RECOVERIES_SUPPRESSED = "switchyard.registry.recoveries.suppressed";

    public static final String TAG_ROLE = "role";
    public static final String TAG_OUTCOME = "outcome";
    public static final String TAG_FROM = "from";
    public static final String TAG_TO = "to";
    public static final String TAG_ACTION = "action";

    public static final String OUTCOME_HEALTHY = "healthy";
    public static final String OUTCOME_UNHEALTHY = "unhealthy";
    public static final String OUTCOME_TIMEOUT = "timeout";
    public static final String OUTCOME_SUCCEEDED = "succeeded";
    public static final String OUTCOME_FAILED = "failed";

    private RegistryMetrics() {}
}
