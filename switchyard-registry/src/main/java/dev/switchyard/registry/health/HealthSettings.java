package dev.switchyard.registry.health;

import java.time.Duration;

/**
 * Active and passive health checking of one role's instances. Defaults are the design's: GET /health
 * every 30 s with a 5 s timeout, unhealthy after 3 consecutive failures, healthy again after 2 successes,
 * the interval jittered by ±10% so a fleet's checks do not line up.
 *
 * @param interval time between the end of one check and the start of the next (before jitter)
 * @param timeout a check that has not answered by then counts as a failure
 * @param unhealthyThreshold consecutive failures that take a healthy instance out of rotation
 * @param healthyThreshold consecutive successes that put an unhealthy or ejected instance back
 * @param jitter fraction of the interval added or removed at random, in [0, 0.5]
 * @param path the path checked on every instance
 * @param ejectAfterFailures consecutive failed real calls that eject an instance before its checks notice
 * @param recoveryAfterChecks consecutive failed checks of every instance that make the role need recovery
 */
public record HealthSettings(Duration interval, Duration timeout, int unhealthyThreshold, int healthyThreshold,
        double jitter, String path, int ejectAfterFailures, int recoveryAfterChecks) {

    public HealthSettings {
        positive("interval", interval);
        positive("timeout", timeout);
        atLeastOne("unhealthy_threshold", unhealthyThreshold);
        atLeastOne("healthy_threshold", healthyThreshold);
        atLeastOne("eject_after_failures", ejectAfterFailures);
        atLeastOne("recovery_after_checks", recoveryAfterChecks);
        if (!(jitter >= 0 && jitter <= 0.5)) {
            throw new IllegalArgumentException("health.jitter must be between 0 and 0.5, was " + jitter);
        }
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("health.path must start with '/', was " + path);
        }
    }

    public static HealthSettings defaults() {
        return new HealthSettings(Duration.ofSeconds(30), Duration.ofSeconds(5), 3, 2, 0.1, "/health", 5, 3);
    }

    public HealthSettings withInterval(Duration value) {
        return new HealthSettings(value, timeout, unhealthyThreshold, healthyThreshold, jitter, path,
                ejectAfterFailures, recoveryAfterChecks);
    }

    public HealthSettings withTimeout(Duration value) {
        return new HealthSettings(interval, value, unhealthyThreshold, healthyThreshold, jitter, path,
                ejectAfterFailures, recoveryAfterChecks);
    }

    public HealthSettings withJitter(double value) {
        return new HealthSettings(interval, timeout, unhealthyThreshold, healthyThreshold, value, path,
                ejectAfterFailures, recoveryAfterChecks);
    }

    private static void positive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("health." + key + " must be a positive duration, was " + value);
        }
    }

    private static void atLeastOne(String key, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("health." + key + " must be at least 1, was " + value);
        }
    }
}
