package dev.switchyard.registry.health;

import java.time.Instant;

/** One change of an instance's health state, as listeners see it. {@code reason} is ours, never the remote's text. */
public record HealthTransition(String role, String instanceId, HealthState from, HealthState to, String reason,
        Instant at) {}
