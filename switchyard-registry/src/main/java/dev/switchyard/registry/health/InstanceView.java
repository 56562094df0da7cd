package dev.switchyard.registry.health;

import java.net.URI;
import java.time.Instant;

/**
 * One instance as {@code GET /admin/instances} shows it.
 *
 * @param zone its zone, or "" when none is configured
 * @param lastCheck the latest active check, or null before the first one (and for this process's own roles)
 * @param inRotation whether callers choose it now (true for every instance in panic mode)
 * @param local whether it is this process (a role served here, called in-process)
 */
public record InstanceView(String role, String id, URI address, String version, String zone, HealthState health,
        CheckResult lastCheck, int consecutiveFailures, int inFlight, Instant registeredSince, boolean inRotation,
        boolean local) {

    /** This view, marked as this process's own. */
    public InstanceView asLocal() {
        return new InstanceView(role, id, address, version, zone, health, lastCheck, consecutiveFailures, inFlight,
                registeredSince, inRotation, true);
    }
}
