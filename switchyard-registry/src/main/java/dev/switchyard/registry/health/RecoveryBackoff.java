package dev.switchyard.registry.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Spaces recoveries of one role: the first may run at once, each next one waits twice as long as the
 * last (initial, 2x, 4x ... capped at max), and only one runs at a time. This is what keeps a role that
 * stays broken from being restarted on every check. A role that becomes healthy again starts
 * the doubling over.
 * Not thread-safe: its {@link InstanceSet} holds the lock.
 */
public final class RecoveryBackoff {
    private final Duration initial;
    private final Duration max;
    private final Clock clock;
    private int attempts;
    private Instant nextAllowed = Instant.MIN;
    private boolean running;

    public RecoveryBackoff(Duration initial, Duration max, Clock clock) {
        if (initial == null || initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("recovery.initial_backoff must be a positive duration, was " + initial);
        }
        if (max == null || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("recovery.max_backoff must be at least recovery.initial_backoff, was " + max);
        }
        this.initial = initial;
        this.max = max;
        this.clock = clock;
    }

    /** Whether a recovery may start now; when it may, it is counted and the next window begins. */
    boolean tryStart() {
        Instant now = clock.instant();
        if (running || now.isBefore(nextAllowed)) {
            return false;
        }
        attempts++;
        running = true;
        nextAllowed = now.plus(delayAfter(attempts));
        return true;
    }

    void finished() {
        running = false;
    }

    /**
     * The role is healthy again: the doubling starts over. The window already open stays, so a role that
     * flaps (healthy for two checks, down for three) is still not recovered more than once per window.
     */
    void reset() {
        attempts = 0;
    }

    int attempts() {
        return attempts;
    }

    Duration delayAfter(int attempt) {
        int doublings = Math.min(attempt - 1, 30);
        Duration delay = initial.multipliedBy(1L << doublings);
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
