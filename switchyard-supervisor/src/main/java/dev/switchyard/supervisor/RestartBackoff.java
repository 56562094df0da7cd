package dev.switchyard.supervisor;

import java.time.Duration;

/**
 * Spaces the restarts of one child so a child that keeps crashing never causes a restart storm: the first
 * restart waits {@code min}, each next one twice as long, up to {@code max}. A child that stays healthy for
 * {@code max} starts over from {@code min}. Confined to the supervisor's loop thread.
 */
final class RestartBackoff {
    private final Duration min;
    private final Duration max;
    private int consecutive;

    RestartBackoff(Duration min, Duration max) {
        this.min = min;
        this.max = max;
    }

    /** The delay before the next restart; counts it. */
    Duration next() {
        int doublings = Math.min(consecutive, 30);
        consecutive++;
        Duration delay = min.multipliedBy(1L << doublings);
        return delay.compareTo(max) > 0 || delay.isNegative() ? max : delay;
    }

    /** The child has been healthy for {@code healthy}: long enough, and the doubling starts over. */
    void healthyFor(Duration healthy) {
        if (healthy.compareTo(max) >= 0) {
            consecutive = 0;
        }
    }
}
