package dev.switchyard.registry.health;

/**
 * Where an instance stands with its role's health checker. UNKNOWN (not checked yet) and HEALTHY are in
 * rotation; UNHEALTHY (failed active checks) and EJECTED (failed real calls: passive outlier detection)
 * are not, except in panic mode. Allowed moves are in {@link HealthTransitions}.
 */
public enum HealthState {
    UNKNOWN,
    HEALTHY,
    UNHEALTHY,
    EJECTED;

    /** Whether callers may choose an instance in this state when the role is not in panic mode. */
    public boolean inRotation() {
        return this == UNKNOWN || this == HEALTHY;
    }
}
