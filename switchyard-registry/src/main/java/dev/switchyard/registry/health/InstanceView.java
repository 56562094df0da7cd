package dev.switchyard.registry.health;

import java.net.URI;
import java.time.Instant;

/**
 * One instance as {@code GET /admin/instances} shows it.
 *
 * @param lastCheck the latest active check, or null before the first one
 * @param inRotation whether callers choose it now (true for every instance in panic mode)
 */
public record InstanceView(String role, String id, URI address, String version, HealthState health,
        CheckResult lastCheck, int consecutiveFailures, int inFlight, Instant registeredSince, boolean inRotation) {}
