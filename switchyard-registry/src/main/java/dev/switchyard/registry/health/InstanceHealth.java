package dev.switchyard.registry.health;

import java.util.Optional;

/**
 * The counting half of the state machine for one instance: consecutive active successes and failures,
 * consecutive failed real calls, and the state they lead to. Not thread-safe: its {@link InstanceSet}
 * holds the lock. Every move goes through {@link HealthTransitions}.
 */
final class InstanceHealth {
    private final HealthSettings settings;
    private HealthState state = HealthState.UNKNOWN;
    private int consecutiveFailures;
    private int consecutiveSuccesses;
    private int passiveFailures;
    private CheckResult lastCheck;

    InstanceHealth(HealthSettings settings) {
        this.settings = settings;
    }

    /** Counts an active check; returns the new state when it changed. */
    Optional<HealthState> recordCheck(CheckResult result) {
        lastCheck = result;
        if (result.healthy()) {
            consecutiveFailures = 0;
            consecutiveSuccesses++;
            passiveFailures = 0;
            boolean back = state != HealthState.HEALTHY && consecutiveSuccesses >= settings.healthyThreshold();
            // A first success proves an unchecked instance as much as the threshold would.
            return back || state == HealthState.UNKNOWN ? move(HealthState.HEALTHY) : Optional.empty();
        }
        consecutiveSuccesses = 0;
        consecutiveFailures++;
        boolean down = state != HealthState.UNHEALTHY && consecutiveFailures >= settings.unhealthyThreshold();
        return down ? move(HealthState.UNHEALTHY) : Optional.empty();
    }

    /** Counts a real call's outcome; returns EJECTED when this failure ejects the instance. */
    Optional<HealthState> recordCall(boolean success) {
        if (success) {
            passiveFailures = 0;
            return Optional.empty();
        }
        passiveFailures++;
        boolean eject = state.inRotation() && passiveFailures >= settings.ejectAfterFailures();
        if (eject) {
            // Coming back from an ejection takes the full run of successful checks.
            consecutiveSuccesses = 0;
            return move(HealthState.EJECTED);
        }
        return Optional.empty();
    }

    /**
     * The instance said it is leaving (deregistered, draining): out of rotation at once, as an ejection,
     * back only after the full run of successful checks (its next process, if one comes).
     */
    Optional<HealthState> leaving() {
        if (!state.inRotation()) {
            return Optional.empty();
        }
        consecutiveSuccesses = 0;
        return move(HealthState.EJECTED);
    }

    private Optional<HealthState> move(HealthState to) {
        if (!HealthTransitions.allowed(state, to)) {
            throw new IllegalStateException("health transition " + state + " -> " + to + " is not allowed");
        }
        state = to;
        return Optional.of(to);
    }

    HealthState state() {
        return state;
    }

    int consecutiveFailures() {
        return consecutiveFailures;
    }

    CheckResult lastCheck() {
        return lastCheck;
    }
}
