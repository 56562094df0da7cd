package dev.switchyard.core.health;

/** A process's overall health as {@code /health} says it. */
public enum HealthStatus {
    /** Every dependency answered. */
    OK(200),
    /** An optional dependency is down; the process still serves (a local fallback). */
    DEGRADED(200),
    /** A required dependency is down. */
    DOWN(503);

    private final int httpStatus;

    HealthStatus(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
