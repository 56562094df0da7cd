package dev.switchyard.core.config;

/**
 * What a control (rate limits, budgets) does while Redis cannot be reached. CLOSED keeps enforcing
 * with a local per-replica share (the limit divided by the replica count); OPEN lets requests through
 * unlimited until Redis is back. Neither ever answers 5xx because Redis is down.
 */
public enum FailMode {
    OPEN,
    CLOSED
}
